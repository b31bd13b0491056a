"""Zoom participant reports of accounts in other languages: the headers as Zoom writes them,
read as the English ones, the language in the label, dates in the language's order."""

from datetime import datetime

import pytest

from roundtable.domain.attendance import UnknownFormat, read_attendance
from roundtable.domain.attendance.values import date_time


def _read(text: str):
    return read_attendance(text.encode("utf-8-sig"))


def test_a_german_report_with_dotted_dates_reads_day_first() -> None:
    file = _read(
        "Name (ursprünglicher Name),E-Mail,Beitrittszeit,Austrittszeit,Dauer (Minuten),Gast\n"
        "Anna Schmidt (Anna),Anna@Example.de,03.12.2024 14:00:10,03.12.2024 15:02:00,62,Nein\n"
    )
    assert (file.format, file.label) == (
        "zoom-meeting",
        "Zoom meeting participant report (German)",
    )
    (row,) = file.rows
    assert (row.name, row.email, row.minutes) == ("Anna Schmidt", "anna@example.de", 62)
    assert row.first_join == datetime(2024, 12, 3, 14, 0, 10)


def test_an_italian_export_with_meeting_data_keeps_zooms_month_first_dates() -> None:
    header = (
        "Argomento,Digita,ID,Nome organizzatore,E-mail organizzatore,Ora di inizio,Ora di fine,"
        "Partecipanti,Durata (minuti),Minuti totali dei partecipanti,Reparto,Gruppo,Origine,"
        "Visualizzatori unici,Max visualizzazioni simultanee,Ora di creazione,"
        "Nome (nome originale),E-mail,Ora di ingresso,Ora di uscita,Durata (minuti),Guest,"
        "Risposta di esclusione di responsabilità per la registrazione,In sala d’attesa"
    )
    meeting = (
        "Bilancio idrico,Riunione,896 1053 4856,Giulia Conti,giulia@acqua.example,"
        "01/10/2025 06:54:02 PM,01/10/2025 08:37:29 PM,2,104,170,,,Zoom,-,-,"
        "09/12/2024 07:00:59 PM,"
    )
    file = _read(
        f"{header}\n"
        f"{meeting}Giulia Conti (Host),giulia@acqua.example,01/10/2025 06:58:59 PM,"
        "01/10/2025 08:01:46 PM,63,No,,No\n"
        f"{meeting}Marco Bianchi,marco@acqua.example,01/10/2025 07:02:00 PM,"
        "01/10/2025 07:30:00 PM,28,Sì,,Sì\n"
    )
    assert file.label == "Zoom meeting participant report (Italian)"
    assert file.meeting.topic == "Bilancio idrico"
    assert file.meeting.start == datetime(2025, 1, 10, 18, 54, 2)
    host, waiting = file.rows
    assert (host.name, host.role, host.minutes) == ("Giulia Conti", "host", 63)
    # "In sala d'attesa: Sì" is time in the waiting room, not in the meeting.
    assert (waiting.name, waiting.minutes, waiting.first_join) == ("Marco Bianchi", 0, None)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (
            "Nom (nom original),Adresse e-mail de l’utilisateur,Heure d’arrivée,"
            "Heure de départ,Durée (minutes),Invité,Salle d’attente",
            "French",
        ),
        (
            "Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,"
            "Duración (minutos),Invitado,Respuesta al descargo de responsabilidad relativa a la "
            "grabación,En sala de espera",
            "Spanish",
        ),
        (
            "Nombre (nombre original),E-mail del usuario,Hora para unirse,Hora para salir,"
            "Duración (minutos),Invitado",
            "Spanish",
        ),
        (
            "Nome (nome original),E-mail,Ingressar na hora,Hora de saída,Duração (minutos),"
            "Convidado,Na sala de espera",
            "Portuguese",
        ),
    ],
)
def test_other_languages_are_recognised_by_their_headers(header: str, language: str) -> None:
    cells = len(header.split(","))
    row = ["Ana Lima", "ana@example.org", "05/03/2024 09:00:00", "05/03/2024 10:30:00", "90"]
    row += ["No"] * (cells - len(row))
    file = _read(f"{header}\n{','.join(row)}\n")
    assert file.label == f"Zoom meeting participant report ({language})"
    (person,) = file.rows
    assert (person.name, person.email, person.minutes) == ("Ana Lima", "ana@example.org", 90)
    # 24-hour times and no date past the 12th: the language's order, day first.
    assert person.first_join == datetime(2024, 3, 5, 9, 0)


def test_a_language_that_is_not_covered_is_refused_not_misread() -> None:
    with pytest.raises(UnknownFormat, match="Its first line is “Naam,Deelnametijd"):
        _read("Naam,Deelnametijd,Vertrektijd\nAna,05-03-2024 09:00,05-03-2024 10:00\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5. März 2024 14:00", datetime(2024, 3, 5, 14, 0)),
        ("5 de marzo de 2024", datetime(2024, 3, 5)),
        ("3 déc. 2024 10:00", datetime(2024, 12, 3, 10, 0)),
        ("12 août 2024", datetime(2024, 8, 12)),
        ("1 ottobre 2024 09:30", datetime(2024, 10, 1, 9, 30)),
        ("7 mei 2024", datetime(2024, 5, 7)),
    ],
)
def test_dates_with_month_names_in_other_languages(text: str, expected: datetime) -> None:
    assert date_time(text, "dmy") == expected


def test_a_spanish_webinar_report_is_read_by_its_tables_headers() -> None:
    file = _read(
        "Tema,ID del seminario web,Duración real (minutos),N.º inscritos\n"
        "Agua segura,812 3456 7890,90,3\n"
        "\n"
        "Detalles\n"
        "Asistió,Nombre de usuario (nombre original),Correo electrónico,"
        "Tiempo en la sesión (minutos)\n"
        "Sí,Laura Gómez,laura@agua.example,95\n"
        "\n"
        "Detalles\n"
        "Asistió,Nombre de usuario (nombre original),Nombre,Apellido,Correo electrónico,"
        "Tiempo en la sesión (minutos),Nombre de país/región\n"
        "Sí,Ana Ruiz (Ana),Ana,Ruiz,ana@agua.example,80,Perú\n"
        "No,,Luis,Paz,luis@agua.example,,Chile\n"
    )
    assert (file.format, file.label) == ("zoom-webinar", "Zoom webinar attendee report (Spanish)")
    assert file.meeting.topic == "Agua segura"
    assert [(r.name, r.email, r.minutes, r.role, r.attended, r.answer) for r in file.rows] == [
        ("Laura Gómez", "laura@agua.example", 95, "", True, ""),
        ("Ana Ruiz", "ana@agua.example", 80, "attendee", True, ""),
        ("Luis Paz", "luis@agua.example", 0, "attendee", False, ""),
    ]
