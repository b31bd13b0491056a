"""The headers tools write when the account's language is not English, and what they mean.

Zoom writes its meeting participant report (and its webinar attendee report) in the account's
language: the same columns, the
same order, translated headers ("Beitrittszeit" for "Join Time"). Each header here is one seen
in a real export, language by language; :func:`text.header_key` reads it as the English header,
so every parser finds its columns unchanged, and :func:`language_of` names the language for the
format's label. A header that is the same in several languages ("E-mail") names none.

Only what was found in real exports is listed (docs/attendance-formats.md, "Languages"): no
guessed translation, so an export in another language is refused as unknown rather than misread.
"""

from collections import Counter
from collections.abc import Iterable

# language -> {header as the tool writes it (compared as header_key does) -> the English one}
ZOOM_MEETING: dict[str, dict[str, str]] = {
    "German": {
        "name (ursprünglicher name)": "name (original name)",
        "e-mail": "email",
        "beitrittszeit": "join time",
        "austrittszeit": "leave time",
        "dauer (minuten)": "duration (minutes)",
    },
    "French": {
        "nom (nom original)": "name (original name)",
        "adresse e-mail de l’utilisateur": "user email",
        "adresse e-mail de l'utilisateur": "user email",
        "heure d’arrivée": "join time",
        "heure d'arrivée": "join time",
        "heure de départ": "leave time",
        "durée (minutes)": "duration (minutes)",
        "invité": "guest",
        "salle d’attente": "in waiting room",
        "salle d'attente": "in waiting room",
    },
    "Spanish": {
        "nombre (nombre original)": "name (original name)",
        # the 2024 layout
        "correo electrónico": "email",
        "hora de entrada": "join time",
        "hora de salida": "leave time",
        "en sala de espera": "in waiting room",
        "respuesta al descargo de responsabilidad relativa a la grabación": "recording consent",
        # the older one
        "e-mail del usuario": "user email",
        "hora para unirse": "join time",
        "hora para salir": "leave time",
        "duración total (minutos)": "total duration (minutes)",
        "duración (minutos)": "duration (minutes)",
        "invitado": "guest",
        "correo electrónico del organizador": "host email",
    },
    "Portuguese": {
        "nome (nome original)": "name (original name)",
        "e-mail": "email",
        "ingressar na hora": "join time",
        "hora de saída": "leave time",
        "duração (minutos)": "duration (minutes)",
        "convidado": "guest",
        "na sala de espera": "in waiting room",
        "tópico": "topic",
        "anfitrião": "host",
    },
    "Italian": {
        "nome (nome originale)": "name (original name)",
        "e-mail": "email",
        "ora di ingresso": "join time",
        "ora di uscita": "leave time",
        "durata (minuti)": "duration (minutes)",
        "in sala d’attesa": "in waiting room",
        "in sala d'attesa": "in waiting room",
        "argomento": "topic",
        "organizzatore": "host",
        "nome organizzatore": "host name",
        "e-mail organizzatore": "host email",
        "ora di inizio": "start time",
        "ora di fine": "end time",
        "partecipanti": "participants",
    },
}

# Zoom's webinar attendee report: its summary and its tables' headers. The section titles of a
# report in another language were not found, so such a report is read by its tables' headers
# (zoom_webinar.parse).
ZOOM_WEBINAR: dict[str, dict[str, str]] = {
    "Spanish": {
        "tema": "topic",
        "duración real (minutos)": "actual duration (minutes)",
        "asistió": "attended",
        "nombre de usuario (nombre original)": "user name (original name)",
        "apellido": "last name",
        "tiempo en la sesión (minutos)": "time in session (minutes)",
        "nombre de país/región": "country/region name",
    },
}

_TABLES = [ZOOM_MEETING, ZOOM_WEBINAR]
_LANGUAGES_OF: dict[str, set[str]] = {}
for _language, _headers in ((lang, h) for table in _TABLES for lang, h in table.items()):
    for _key in _headers:
        _LANGUAGES_OF.setdefault(_key, set()).add(_language)

ENGLISH_OF: dict[str, str] = {
    key: english
    for table in _TABLES
    for headers in table.values()
    for key, english in headers.items()
}
# Headers of one language only: these tell which language a file is in.
_TELLING: dict[str, str] = {
    key: next(iter(languages)) for key, languages in _LANGUAGES_OF.items() if len(languages) == 1
}

# Yes and no in the same languages (Zoom's Guest and In waiting room columns).
YES = frozenset({"ja", "oui", "sí", "si", "sim", "sì"})
NO = frozenset({"nein", "non", "não", "nao"})


def language_of(keys: Iterable[str]) -> str:
    """The language whose own headers are most among ``keys`` (as written, header_key'd), or ""
    for English (none of them)."""
    counts = Counter(_TELLING[key] for key in keys if key in _TELLING)
    if not counts:
        return ""
    return counts.most_common(1)[0][0]
