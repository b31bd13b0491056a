"""The hot path's plain statements name the live models' real tables and columns."""

import re

from django.apps import apps

from roundtable.live.services import _SQL


def test_the_hot_path_statements_name_the_models_tables_and_columns():
    models = {model._meta.db_table: model for model in apps.get_app_config("live").get_models()}
    statements = {name: sql for name, sql in vars(_SQL).items() if not name.startswith("_")}
    assert statements
    for name, sql in statements.items():
        tables = re.findall(r"\b(live_\w+)", sql)
        assert tables, name
        for table in tables:
            assert table in models, f"{name}: no live model has the table {table}"
        insert = re.match(r"INSERT INTO (\w+) \(([^)]*)\)", sql)
        if insert:
            columns = {field.column for field in models[insert[1]]._meta.concrete_fields}
            named = {column.strip() for column in insert[2].split(",")}
            assert named <= columns, f"{name}: {named - columns} are not columns"
