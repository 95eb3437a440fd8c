"""The command line's language: Chinese by default and for a Chinese locale, English for an English one.

click writes its own messages (usage errors, help headings, prompts) through gettext; the Chinese
catalogue for click's message ids is data (locale/zh_CN/LC_MESSAGES/compliance.po, compiled to
compliance.mo by scripts/compile_messages.py). Choosing Chinese points gettext at that catalogue;
choosing English leaves click's own text.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "compliance"
LOCALE_DIR = str(Path(__file__).with_name("locale"))
CHINESE, ENGLISH = "zh_CN", "en"
# The locale variables that name the language of messages, strongest first (POSIX precedence).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# Locales that state no language (the C library's defaults): the users' language, Chinese, applies.
NEUTRAL_LOCALES = ("C", "POSIX")
CLICK_DOMAIN = "messages"  # gettext's default domain: with no catalogue, click's English text


def chosen_language(environ: MutableMapping[str, str]) -> str:
    """ENGLISH when the strongest locale variable that is set says English, else CHINESE."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            language = value.split(".")[0].split("@")[0]
            if language in NEUTRAL_LOCALES:
                return CHINESE
            return ENGLISH if language == ENGLISH or language.startswith(ENGLISH + "_") else CHINESE
    return CHINESE


def use_language(environ: MutableMapping[str, str] | None = None) -> str:
    """Set the language of click's messages from the locale (os.environ by default); returns it."""
    environ = os.environ if environ is None else environ
    language = chosen_language(environ)
    if language == ENGLISH:
        gettext.textdomain(CLICK_DOMAIN)
        return language
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    # gettext picks the catalogue by LANGUAGE first; a C or unset locale would otherwise find none.
    environ["LANGUAGE"] = CHINESE
    return language


@contextmanager
def click_words() -> Iterator[None]:
    """Within it, gettext gives click's own (English) words, as before any language is chosen.

    The commands are declared in it (cli.main imports each on first use, after the language is
    chosen): the words click fixes as an option is declared, such as click.Path's metavars FILE and
    DIRECTORY, stay as they have always been shown, whatever the language of the messages."""
    previous = gettext.textdomain()
    gettext.textdomain(CLICK_DOMAIN)
    try:
        yield
    finally:
        gettext.textdomain(previous)
