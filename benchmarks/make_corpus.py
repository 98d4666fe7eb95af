#!/usr/bin/env python3
"""Generate a synthetic multilingual glossary corpus for benchmarking ``glossary``.

The corpus is laid out like the real one, ``OUT_DIR/<lang>/<slug>.md``: one concept has the same
slug in every language. Each article is about 5 KB of UTF-8 Markdown with YAML front matter, a
title, exactly four ``##`` sections (the last a bullet list) and 2-6 internal links to other
slugs of the corpus.

The text is made of pseudo-words built per language from a few hundred stems (real finance words
plus made-up ones with diacritics), inflected and compounded with language-like endings, so that
searches have hits in every language. About 6 % of the concepts are about customers: only their
articles use the word family of "customer" (``asiakas``, ``asiakkaan``, ``asiakaskeskeinen`` in
Finnish; ``kunde``, ``kundesentrert``, ``klientsentrert`` in Norwegian; and so on).

Only the standard library is used and the output depends only on the arguments (fixed seed)::

    python benchmarks/make_corpus.py OUT_DIR --concepts 12000 --langs fi,no,sv,da,de,en,fr,es,it,nl
    python benchmarks/make_corpus.py OUT_DIR --articles 100000
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

DEFAULT_LANGS = ("fi", "no", "sv", "da", "de", "en", "fr", "es", "it", "nl")
DEFAULT_CONCEPTS = 12_000
DEFAULT_SEED = 1729
DEFAULT_SIZE = 5_000
DEFAULT_BUNDLED = Path(__file__).resolve().parent.parent / "glossary_data"

CUSTOMER_SHARE = 0.06  # concepts whose articles use the "customer" word family
CUSTOMER_TITLE_SHARE = 0.15  # of those, the ones with a customer word in the title
QUOTE_SHARE = 0.2  # articles with one "> " quoted paragraph
STEMS_PER_LANG = 320
REAL_STEM_SHARE = 0.5  # of word forms built on a real word rather than a made-up one
FORMS_PER_LANG = 3_000
SENTENCES_PER_LANG = 4_000
KEYWORDS = (
    "Finance", "Business", "Investing", "Economics", "Banking", "Insurance", "Accounting",
    "Trading", "Personal Finance", "Business Essentials", "Corporate Finance", "Taxes",
)


@dataclass(frozen=True)
class LangSpec:
    """What makes text look like one language: words, endings, sentence glue, headings."""

    stems: tuple[str, ...]  # real words, lowercase
    onsets: tuple[str, ...]  # syllable parts for made-up stems
    vowels: tuple[str, ...]
    codas: tuple[str, ...]
    inflections: tuple[str, ...]  # endings for any stem ("" = bare)
    derivations: tuple[str, ...]  # extra endings for made-up stems only
    joiners: tuple[str, ...]  # how two stems make a compound ("" glues, " de " makes a phrase)
    function_words: tuple[str, ...]
    is_word: str  # "X <is> ..." in descriptions
    headings: tuple[tuple[str, ...], ...]  # four slots of templates; {T} title, {t} in a sentence
    customer_forms: tuple[str, ...]  # the only place these words appear
    customer_roots: tuple[str, ...]  # made-up words containing these are discarded
    decimal: str = ","
    percent: str = " %"
    link_vowel: str = ""  # put between a consonant-final stem and a consonant-initial ending
    noun_caps: bool = False  # German: capitalize nouns
    adjective_endings: tuple[str, ...] = ()  # German: forms ending so stay lowercase


_NORDIC_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v",
                  "sk", "st", "sp", "bj", "fr", "tr", "gr", "bl")
_NORDIC_CODAS = ("n", "r", "l", "t", "k", "s", "nd", "ng", "st", "ll", "rt", "", "")

LANGS: dict[str, LangSpec] = {
    "fi": LangSpec(
        stems=("markkina", "riski", "pääoma", "osake", "korko", "tuotto", "velka", "laina",
               "rahasto", "sijoitus", "hinta", "kustannus", "tulo", "vero", "pankki", "vakuutus",
               "sopimus", "yritys", "omistus", "arvo", "kasvu", "kauppa", "myynti", "hyöty", "tase",
               "kate", "kurssi", "valuutta", "johdannainen", "optio", "vaihto", "säästö", "eläke",
               "talous", "kysyntä", "tarjonta", "hyödyke", "kiinteistö", "käyttö", "määrä", "työ",
               "tili", "maksu", "lyhennys", "erä", "tappio", "voitto", "budjetti", "hallinto",
               "pörssi", "arvopaperi", "palkka", "keskiarvo", "yhtiö", "liiketoiminta"),
        onsets=("k", "t", "p", "s", "m", "n", "l", "r", "v", "h", "j"),
        vowels=("a", "e", "i", "o", "u", "y", "ä", "ö", "aa", "ää", "ie", "uo", "yö", "ai", "äi"),
        codas=("n", "s", "t", "l", "r", "", "", ""),
        inflections=("", "", "n", "ssa", "sta", "lla", "lle", "t", "ksi", "ja", "ineen", "nsa"),
        derivations=("llinen", "llisuus", "ton", "inen", "uus", "us", "lainen", "sto"),
        joiners=("",),
        function_words=("ja", "on", "ei", "se", "joka", "että", "kun", "myös", "tai", "mutta",
                        "kuin", "sekä", "vain", "jos", "niin", "ovat", "voi", "tämä", "nämä",
                        "jossa", "hyvin", "usein", "aina", "esimerkiksi", "yleensä", "eli", "jo",
                        "vielä", "kaikki", "muut", "enemmän", "vähemmän"),
        is_word="on",
        headings=(("Mikä on {t}?", "{T} lyhyesti", "Määritelmä"),
                  ("{T} käytännössä", "Miten {t} toimii", "Taustaa ja käyttö"),
                  ("Esimerkki", "Edut ja haitat", "Laskeminen ja tulkinta", "Erityisiä huomioita"),
                  ("Kohokohdat", "Keskeiset asiat", "Tärkeimmät kohdat", "Yhteenveto")),
        customer_forms=("asiakas", "asiakkaan", "asiakkaat", "asiakkaiden", "asiakkaille",
                        "asiakaskeskeinen", "asiakaskunta", "asiakaskunnan", "asiakassuhde",
                        "asiakkaita", "asiakaslähtöisyys"),
        customer_roots=("asiak",),
        link_vowel="i",
    ),
    "no": LangSpec(
        stems=("marked", "risiko", "kapital", "aksje", "rente", "avkastning", "gjeld", "lån",
               "fond", "investering", "pris", "kostnad", "inntekt", "skatt", "bank", "forsikring",
               "avtale", "selskap", "eierskap", "verdi", "vekst", "handel", "salg", "fordel",
               "balanse", "margin", "kurs", "valuta", "derivat", "opsjon", "bytte", "sparing",
               "pensjon", "økonomi", "etterspørsel", "tilbud", "råvare", "eiendom", "bruk",
               "mengde", "arbeid", "konto", "betaling", "avdrag", "tap", "gevinst", "budsjett",
               "styring", "børs", "verdipapir", "næring", "lønn", "gjennomsnitt", "førsteprioritet"),
        onsets=_NORDIC_ONSETS + ("kj",),
        vowels=("a", "e", "i", "o", "u", "y", "æ", "ø", "å", "ei", "au"),
        codas=_NORDIC_CODAS,
        inflections=("", "", "en", "et", "er", "ene", "ens", "s"),
        derivations=("lig", "lige", "ing", "ingen", "else", "het", "sjon"),
        joiners=("", "s", "e"),
        function_words=("og", "er", "i", "på", "til", "for", "med", "som", "det", "en", "et",
                        "ikke", "av", "at", "fra", "kan", "har", "men", "eller", "også", "når",
                        "de", "den", "seg", "om", "ved", "etter", "både", "ofte", "vanligvis",
                        "særlig", "før", "mer", "mindre"),
        is_word="er",
        headings=(("Hva er {t}?", "{T} i korte trekk", "Definisjon"),
                  ("Forstå {t}", "Slik fungerer {t}", "Bakgrunn og bruk"),
                  ("Eksempel", "Fordeler og ulemper", "Beregning og tolkning", "Særlige hensyn"),
                  ("Høydepunkter", "Hovedpunkter", "Viktigste punkter", "Oppsummering")),
        customer_forms=("kunde", "kunden", "kunder", "kundene", "kundenes", "kundens",
                        "kundesentrert", "kundesentrerte", "klientsentrert", "klientsentrisk",
                        "kundebase", "kundeforhold", "klient", "klienter"),
        customer_roots=("kund", "klient"),
        link_vowel="e",
    ),
    "sv": LangSpec(
        stems=("marknad", "risk", "kapital", "aktie", "ränta", "avkastning", "skuld", "lån",
               "fond", "investering", "pris", "kostnad", "intäkt", "skatt", "bank", "försäkring",
               "avtal", "bolag", "ägande", "värde", "tillväxt", "handel", "försäljning", "fördel",
               "balans", "marginal", "kurs", "valuta", "derivat", "option", "byte", "sparande",
               "pension", "ekonomi", "efterfrågan", "utbud", "råvara", "fastighet", "användning",
               "mängd", "arbete", "konto", "betalning", "amortering", "förlust", "vinst", "budget",
               "styrning", "börs", "värdepapper", "näring", "lön", "genomsnitt", "förvaltning"),
        onsets=_NORDIC_ONSETS + ("sj", "tj"),
        vowels=("a", "e", "i", "o", "u", "y", "å", "ä", "ö"),
        codas=_NORDIC_CODAS,
        inflections=("", "", "en", "et", "er", "erna", "ens", "ar", "or", "s"),
        derivations=("lig", "liga", "ning", "ningen", "het", "else", "tion"),
        joiners=("", "s"),
        function_words=("och", "är", "i", "på", "till", "för", "med", "som", "det", "en", "ett",
                        "inte", "av", "att", "från", "kan", "har", "men", "eller", "också", "när",
                        "de", "den", "sig", "om", "vid", "efter", "både", "ofta", "vanligtvis",
                        "särskilt", "före", "mer", "mindre"),
        is_word="är",
        headings=(("Vad är {t}?", "{T} i korthet", "Definition"),
                  ("Att förstå {t}", "Så fungerar {t}", "Bakgrund och användning"),
                  ("Exempel", "För- och nackdelar", "Beräkning och tolkning", "Särskilda hänsyn"),
                  ("Höjdpunkter", "Huvudpunkter", "Det viktigaste", "Sammanfattning")),
        customer_forms=("kund", "kunden", "kunder", "kunderna", "kundernas", "kundens",
                        "kundcentrerad", "kundcentrerat", "kundbas", "kundrelation", "klient",
                        "klienter"),
        customer_roots=("kund", "klient"),
        link_vowel="e",
    ),
    "da": LangSpec(
        stems=("marked", "risiko", "kapital", "aktie", "rente", "afkast", "gæld", "lån", "fond",
               "investering", "pris", "omkostning", "indtægt", "skat", "bank", "forsikring",
               "aftale", "selskab", "ejerskab", "værdi", "vækst", "handel", "salg", "fordel",
               "balance", "margin", "kurs", "valuta", "derivat", "option", "bytte", "opsparing",
               "pension", "økonomi", "efterspørgsel", "udbud", "råvare", "ejendom", "brug",
               "mængde", "arbejde", "konto", "betaling", "afdrag", "tab", "gevinst", "budget",
               "styring", "børs", "værdipapir", "erhverv", "løn", "gennemsnit", "forvaltning"),
        onsets=_NORDIC_ONSETS,
        vowels=("a", "e", "i", "o", "u", "y", "æ", "ø", "å", "ej", "av"),
        codas=_NORDIC_CODAS,
        inflections=("", "", "en", "et", "er", "erne", "ens", "ets", "s"),
        derivations=("lig", "lige", "ning", "ningen", "hed", "else", "tion"),
        joiners=("", "s", "e"),
        function_words=("og", "er", "i", "på", "til", "for", "med", "som", "det", "en", "et",
                        "ikke", "af", "at", "fra", "kan", "har", "men", "eller", "også", "når",
                        "de", "den", "sig", "om", "ved", "efter", "både", "ofte", "normalt",
                        "især", "før", "mere", "mindre"),
        is_word="er",
        headings=(("Hvad er {t}?", "{T} kort fortalt", "Definition"),
                  ("Forståelse af {t}", "Sådan fungerer {t}", "Baggrund og brug"),
                  ("Eksempel", "Fordele og ulemper", "Beregning og fortolkning", "Særlige hensyn"),
                  ("Højdepunkter", "Hovedpunkter", "Det vigtigste", "Opsummering")),
        customer_forms=("kunde", "kunden", "kunder", "kunderne", "kundernes", "kundens",
                        "kundecentreret", "kundecentrerede", "kundebase", "kundeforhold", "klient",
                        "klienter"),
        customer_roots=("kund", "klient"),
        link_vowel="e",
    ),
    "de": LangSpec(
        stems=("markt", "risiko", "kapital", "aktie", "zins", "rendite", "schuld", "darlehen",
               "fonds", "anlage", "preis", "kosten", "ertrag", "steuer", "bank", "versicherung",
               "vertrag", "gesellschaft", "eigentum", "wert", "wachstum", "handel", "verkauf",
               "vorteil", "bilanz", "marge", "kurs", "währung", "derivat", "option", "tausch",
               "ersparnis", "rente", "wirtschaft", "nachfrage", "angebot", "rohstoff", "immobilie",
               "nutzung", "menge", "arbeit", "konto", "zahlung", "tilgung", "verlust", "gewinn",
               "haushalt", "führung", "börse", "wertpapier", "gewerbe", "lohn", "durchschnitt",
               "prüfung", "gebühr", "übernahme"),
        onsets=("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z",
                "sch", "st", "sp", "pf", "kr", "tr", "br"),
        vowels=("a", "e", "i", "o", "u", "ä", "ö", "ü", "au", "ei", "ie", "eu"),
        codas=("n", "r", "l", "t", "s", "ch", "ng", "st", "rt", "nd", "ß", "", ""),
        inflections=("", "", "en", "e", "es", "s", "n", "er"),
        derivations=("ung", "heit", "keit", "schaft", "lich", "liche", "lichen", "isch",
                     "ische"),
        joiners=("", "s", "en"),
        function_words=("und", "ist", "in", "auf", "zu", "für", "mit", "der", "die", "das",
                        "den", "dem", "nicht", "von", "dass", "aus", "kann", "hat", "aber", "oder",
                        "auch", "wenn", "sie", "sich", "über", "bei", "nach", "sowohl", "oft",
                        "meist", "besonders", "vor", "eine", "ein", "wird", "werden", "mehr"),
        is_word="ist",
        headings=(("Was ist {T}?", "{T} im Überblick", "Definition"),
                  ("{T} verstehen", "So funktioniert {T}", "Hintergrund und Anwendung"),
                  ("Beispiel", "Vor- und Nachteile", "Berechnung und Auslegung",
                   "Besondere Überlegungen"),
                  ("Höhepunkte", "Das Wichtigste", "Kernpunkte", "Zusammenfassung")),
        customer_forms=("Kunde", "Kunden", "Kundin", "Kundschaft", "Kundenstamm",
                        "kundenorientiert", "kundenorientierte", "kundenzentriert",
                        "Kundenbeziehung", "Klient", "Klienten"),
        customer_roots=("kund", "klient"),
        link_vowel="e",
        noun_caps=True,
        adjective_endings=("lich", "liche", "lichen", "isch", "ische"),
    ),
    "en": LangSpec(
        stems=("market", "risk", "capital", "stock", "interest", "return", "debt", "loan", "fund",
               "investment", "price", "cost", "income", "tax", "bank", "insurance", "contract",
               "company", "ownership", "value", "growth", "trade", "sale", "benefit", "balance",
               "margin", "rate", "currency", "derivative", "option", "swap", "savings", "pension",
               "economy", "demand", "supply", "commodity", "property", "premium", "yield",
               "equity", "asset", "liability", "ratio", "dividend", "bond", "credit", "cash",
               "flow", "budget", "audit", "fee", "hedge", "index", "portfolio", "leverage",
               "liquidity", "spread", "volatility", "exchange", "futures", "payment", "profit",
               "loss", "revenue", "expense", "security", "share", "inflation", "deficit",
               "surplus", "tariff", "broker", "escrow", "annuity", "mortgage", "coupon",
               "duration", "arbitrage", "café", "naïve", "résumé", "façade", "rôle", "protégé",
               "cliché", "entrée"),
        onsets=("b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "w",
                "st", "pr", "tr", "cl", "br", "sh"),
        vowels=("a", "e", "i", "o", "u", "ea", "ou", "ai", "oo"),
        codas=("n", "r", "l", "t", "s", "ck", "nd", "st", "ng", "", ""),
        inflections=("", "", "s", "ed", "ing"),
        derivations=("er", "ers", "al", "ity", "ive", "ly", "ment", "ness", "ation"),
        joiners=(" ", " ", "-"),
        function_words=("the", "of", "and", "is", "in", "to", "for", "with", "that", "a", "an",
                        "not", "by", "from", "can", "has", "but", "or", "also", "when", "they",
                        "it", "as", "on", "at", "after", "both", "often", "usually",
                        "especially", "before", "which", "are", "be", "may", "more", "less"),
        is_word="is",
        headings=(("What Is {T}?", "{T} in Brief", "Definition"),
                  ("Understanding {T}", "How {T} Works", "Background and Use"),
                  ("Example", "Advantages and Disadvantages", "Calculation and Interpretation",
                   "Special Considerations"),
                  ("Key Takeaways", "Highlights", "Main Points", "Summary")),
        customer_forms=("customer", "customers", "customer's", "client", "clients", "clientele",
                        "client-centric", "customer-centric", "customer base"),
        customer_roots=("custom", "client"),
        decimal=".",
        percent="%",
    ),
    "fr": LangSpec(
        stems=("marché", "risque", "capital", "action", "intérêt", "rendement", "dette", "prêt",
               "fonds", "placement", "prix", "coût", "revenu", "impôt", "banque", "assurance",
               "contrat", "société", "propriété", "valeur", "croissance", "commerce", "vente",
               "avantage", "bilan", "marge", "cours", "devise", "dérivé", "option", "échange",
               "épargne", "retraite", "économie", "demande", "offre", "matière", "immobilier",
               "usage", "quantité", "travail", "compte", "paiement", "remboursement", "perte",
               "bénéfice", "budget", "gestion", "bourse", "titre", "créance", "salaire",
               "moyenne", "trésorerie", "échéance", "crédit"),
        onsets=("b", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "pr", "tr",
                "cr", "gr", "pl"),
        vowels=("a", "e", "i", "o", "u", "é", "è", "ê", "à", "ô", "ai", "ou", "eu", "oi"),
        codas=("n", "r", "l", "s", "", "", ""),
        inflections=("", "", "s"),
        derivations=("e", "es", "ement", "ité", "ique", "iques", "eur", "eurs", "aire",
                     "ation", "ée"),
        joiners=(" de ", " du ", " des "),
        function_words=("le", "la", "les", "de", "des", "du", "et", "est", "en", "un", "une",
                        "pour", "avec", "que", "qui", "pas", "par", "sur", "dans", "au", "aux",
                        "mais", "ou", "aussi", "quand", "ils", "se", "son", "sa", "ses", "après",
                        "souvent", "généralement", "notamment", "avant", "très", "où", "même",
                        "plus", "moins"),
        is_word="est",
        headings=(("Qu'est-ce que {t} ?", "{T} en bref", "Définition"),
                  ("Comprendre {t}", "Fonctionnement", "Contexte et utilisation"),
                  ("Exemple", "Avantages et inconvénients", "Calcul et interprétation",
                   "Considérations particulières"),
                  ("Points clés", "À retenir", "L'essentiel", "Résumé")),
        customer_forms=("client", "clients", "cliente", "clientèle", "centré sur le client",
                        "orientation client", "portefeuille de clients"),
        customer_roots=("client",),
    ),
    "es": LangSpec(
        stems=("mercado", "riesgo", "capital", "acción", "interés", "rendimiento", "deuda",
               "préstamo", "fondo", "inversión", "precio", "costo", "ingreso", "impuesto", "banco",
               "seguro", "contrato", "sociedad", "propiedad", "valor", "crecimiento", "comercio",
               "venta", "ventaja", "balance", "margen", "tasa", "divisa", "derivado", "opción",
               "canje", "ahorro", "pensión", "economía", "demanda", "oferta", "materia",
               "inmueble", "uso", "cantidad", "trabajo", "cuenta", "pago", "amortización",
               "pérdida", "ganancia", "presupuesto", "gestión", "bolsa", "título", "crédito",
               "salario", "promedio", "tesorería", "año", "señal", "compañía"),
        onsets=("b", "c", "d", "f", "g", "l", "m", "n", "ñ", "p", "r", "s", "t", "v", "ch",
                "ll", "pr", "tr", "br"),
        vowels=("a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú", "ue", "ie"),
        codas=("n", "r", "l", "s", "", "", ""),
        inflections=("", "", "s"),
        derivations=("a", "o", "os", "as", "ero", "era", "ción", "ible", "ante", "miento",
                     "ía", "al", "ales"),
        joiners=(" de ", " del ", " de la "),
        function_words=("el", "la", "los", "las", "de", "del", "y", "es", "en", "un", "una",
                        "para", "con", "que", "no", "por", "sobre", "al", "pero", "o", "también",
                        "cuando", "ellos", "se", "su", "sus", "después", "a menudo",
                        "generalmente", "especialmente", "antes", "muy", "donde", "más",
                        "menos"),
        is_word="es",
        headings=(("¿Qué es {t}?", "{T} en resumen", "Definición"),
                  ("Comprender {t}", "Cómo funciona {t}", "Contexto y uso"),
                  ("Ejemplo", "Ventajas y desventajas", "Cálculo e interpretación",
                   "Consideraciones especiales"),
                  ("Puntos destacados", "Lo esencial", "Puntos clave", "Resumen")),
        customer_forms=("cliente", "clientes", "clientela", "centrado en el cliente",
                        "orientado al cliente", "cartera de clientes"),
        customer_roots=("client",),
    ),
    "it": LangSpec(
        stems=("mercato", "rischio", "capitale", "azione", "interesse", "rendimento", "debito",
               "prestito", "fondo", "investimento", "prezzo", "costo", "reddito", "imposta",
               "banca", "assicurazione", "contratto", "società", "proprietà", "valore",
               "crescita", "commercio", "vendita", "vantaggio", "bilancio", "margine", "tasso",
               "valuta", "derivato", "opzione", "scambio", "risparmio", "pensione", "economia",
               "domanda", "offerta", "materia", "immobile", "uso", "quantità", "lavoro", "conto",
               "pagamento", "ammortamento", "perdita", "guadagno", "gestione", "borsa", "titolo",
               "credito", "stipendio", "media", "tesoreria", "attività", "città", "liquidità"),
        onsets=("b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch",
                "gl", "pr", "tr", "sc", "st"),
        vowels=("a", "e", "i", "o", "u", "à", "è", "ì", "ò", "ù", "ia", "io"),
        codas=("n", "r", "l", "", "", "", ""),
        inflections=("", "", "", "i"),
        derivations=("a", "o", "i", "e", "ale", "ali", "ità", "mento", "menti", "zione", "ivo",
                     "iva", "ante"),
        joiners=(" di ", " del ", " della "),
        function_words=("il", "lo", "la", "i", "gli", "le", "di", "del", "della", "e", "è", "in",
                        "un", "una", "per", "con", "che", "non", "da", "su", "al", "ma", "o",
                        "anche", "quando", "loro", "si", "suo", "sua", "dopo", "spesso",
                        "generalmente", "soprattutto", "prima", "molto", "dove", "più", "perché",
                        "meno"),
        is_word="è",
        headings=(("Che cos'è {t}?", "{T} in breve", "Definizione"),
                  ("Comprendere {t}", "Come funziona {t}", "Contesto e utilizzo"),
                  ("Esempio", "Vantaggi e svantaggi", "Calcolo e interpretazione",
                   "Considerazioni particolari"),
                  ("Punti salienti", "In sintesi", "Punti chiave", "Riepilogo")),
        customer_forms=("cliente", "clienti", "clientela", "orientato al cliente",
                        "centralità del cliente", "portafoglio clienti"),
        customer_roots=("client",),
        percent="%",
    ),
    "nl": LangSpec(
        stems=("markt", "risico", "kapitaal", "aandeel", "rente", "rendement", "schuld", "lening",
               "fonds", "belegging", "prijs", "kosten", "inkomen", "belasting", "bank",
               "verzekering", "contract", "bedrijf", "eigendom", "waarde", "groei", "handel",
               "verkoop", "voordeel", "balans", "marge", "koers", "valuta", "derivaat", "optie",
               "ruil", "spaargeld", "pensioen", "economie", "vraag", "aanbod", "grondstof",
               "vastgoed", "gebruik", "hoeveelheid", "arbeid", "rekening", "betaling", "aflossing",
               "verlies", "winst", "begroting", "beheer", "beurs", "effect", "loon", "gemiddelde",
               "coöperatie", "financiële", "reële", "beëindiging", "efficiëntie", "één"),
        onsets=("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                "sch", "st", "sp", "kr", "tr", "gr"),
        vowels=("a", "e", "i", "o", "u", "aa", "ee", "oo", "oe", "ui", "ij", "ë", "ï"),
        codas=("n", "r", "l", "t", "k", "s", "nd", "ng", "st", "cht", "", ""),
        inflections=("", "", "en", "s", "e"),
        derivations=("heid", "ing", "lijk", "lijke", "ig", "ige", "er", "ers", "atie"),
        joiners=("", "s", "en"),
        function_words=("de", "het", "een", "en", "is", "in", "op", "te", "voor", "met", "dat",
                        "die", "niet", "van", "uit", "kan", "heeft", "maar", "of", "ook",
                        "wanneer", "zij", "zich", "over", "bij", "na", "zowel", "vaak", "meestal",
                        "vooral", "wordt", "worden", "zijn", "meer", "minder"),
        is_word="is",
        headings=(("Wat is {t}?", "{T} in het kort", "Definitie"),
                  ("{T} begrijpen", "Hoe {t} werkt", "Achtergrond en gebruik"),
                  ("Voorbeeld", "Voor- en nadelen", "Berekening en interpretatie",
                   "Bijzondere overwegingen"),
                  ("Hoogtepunten", "Belangrijkste punten", "Kernpunten", "Samenvatting")),
        customer_forms=("klant", "klanten", "klantgericht", "klantgerichte", "klantgerichtheid",
                        "klantenbestand", "klantrelatie", "cliënt", "cliënten"),
        customer_roots=("klant", "client", "cliënt"),
        percent="%",
        link_vowel="e",
    ),
}


class Sentence(NamedTuple):
    """A ready-made sentence, ``text == head + word + tail``; ``word`` can become a link or be replaced."""

    text: str
    head: str
    word: str
    tail: str
    size: int  # UTF-8 bytes of ``text``


# What to do with a sentence's slot word: (slug to link it to or None, replacement text or None).
Special = tuple[str | None, str | None]


VOWELS = frozenset("aeiouyäöåæøéèêëàâôòóúùüíìïá")


def utf8_size(text: str) -> int:
    """Length of ``text`` in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def glue(spec: LangSpec, stem: str, ending: str) -> str:
    """Attach an ending to a stem, with a linking vowel between two consonants if the language has one."""
    if ending and spec.link_vowel and stem[-1] not in VOWELS and ending[0] not in VOWELS:
        return stem + spec.link_vowel + ending
    return stem + ending


class Vocabulary:
    """The words and a pool of ready-made sentences of one language."""

    def __init__(self, lang: str, seed: int) -> None:
        self.lang = lang
        self.spec = LANGS[lang]
        rng = random.Random(f"{seed}:{lang}:vocabulary")
        self.stems = self._make_stems(rng)
        self.forms = [self._make_form(rng) for _ in range(FORMS_PER_LANG)]
        self.sentences = [self.make_sentence(rng) for _ in range(SENTENCES_PER_LANG)]

    def _is_clean(self, word: str) -> bool:
        """True unless a made-up word accidentally contains a "customer" root."""
        return not any(root in word for root in self.spec.customer_roots)

    def _vowel(self, rng: random.Random) -> str:
        """A vowel, plain a/e/i/o/u half of the time, else any of the language's (diacritics too)."""
        vowels = self.spec.vowels
        return rng.choice(vowels[:5] if rng.random() < 0.5 else vowels)

    def _make_stems(self, rng: random.Random) -> list[str]:
        """Real stems plus made-up ones of two or three syllables, up to ``STEMS_PER_LANG``."""
        spec = self.spec
        stems = dict.fromkeys(spec.stems)
        while len(stems) < STEMS_PER_LANG:
            syllables = [rng.choice(spec.onsets) + self._vowel(rng) for _ in range(rng.randint(2, 3))]
            stem = "".join(syllables) + rng.choice(spec.codas)
            if self._is_clean(stem):
                stems.setdefault(stem)
        return list(stems)

    def _pick_stem(self, rng: random.Random) -> tuple[str, bool]:
        """A stem, real half of the time; and whether it is made up."""
        if rng.random() < REAL_STEM_SHARE:
            return rng.choice(self.spec.stems), False
        return self.stems[rng.randrange(len(self.spec.stems), len(self.stems))], True

    def _make_form(self, rng: random.Random) -> str:
        """One inflected, derived or compound word form."""
        spec = self.spec
        stem, made_up = self._pick_stem(rng)
        if made_up and rng.random() < 0.3:
            stem = glue(spec, stem, rng.choice(spec.derivations))
        if rng.random() < 0.2:
            stem = stem + rng.choice(spec.joiners) + self._pick_stem(rng)[0]
        form = glue(spec, stem, rng.choice(spec.inflections))
        if not self._is_clean(form):
            form = stem if self._is_clean(stem) else self.stems[0]
        if spec.noun_caps and not form.endswith(spec.adjective_endings):
            form = form[0].upper() + form[1:]
        return form

    def number(self, rng: random.Random) -> str:
        """A year, a percentage, a decimal number or a plain count, written the local way."""
        kind = rng.randrange(4)
        if kind == 0:
            return str(rng.randint(1985, 2024))
        if kind == 1:
            return f"{rng.randint(1, 40)}{self.spec.percent}"
        if kind == 2:
            return f"{rng.randint(0, 12)}{self.spec.decimal}{rng.randint(1, 9)}"
        return str(rng.randint(2, 500))

    def words(self, rng: random.Random, count: int) -> list[str]:
        """``count`` tokens: function words, word forms and now and then a number."""
        tokens = []
        for _ in range(count):
            roll = rng.random()
            if roll < 0.3:
                tokens.append(rng.choice(self.spec.function_words))
            elif roll < 0.33:
                tokens.append(self.number(rng))
            else:
                tokens.append(rng.choice(self.forms))
        return tokens

    def make_sentence(self, rng: random.Random) -> Sentence:
        """A sentence of 6-17 tokens, split around one word form that a link may wrap."""
        tokens = self.words(rng, rng.randint(6, 17))
        slot = rng.randrange(1, len(tokens))
        tokens[slot] = rng.choice(self.forms)
        for i in range(1, len(tokens) - 1):
            if i != slot and rng.random() < 0.06:
                tokens[i] += ","
        tokens[0] = tokens[0][0].upper() + tokens[0][1:]
        end = "?" if rng.random() < 0.04 else "."
        head = " ".join(tokens[:slot]) + " "
        tail = "".join(" " + t for t in tokens[slot + 1:]) + end
        word = tokens[slot]
        text = head + word + tail
        return Sentence(text, head, word, tail, utf8_size(text))

    def make_title(self, rng: random.Random, customer: bool = False) -> str:
        """A title of two or three word forms, sentence case; ``customer`` starts it with a customer word."""
        words = [rng.choice(self.forms) for _ in range(rng.choice((2, 2, 3)))]
        if customer:
            words[0] = rng.choice(self.spec.customer_forms)
        title = " ".join(words)
        return title[0].upper() + title[1:]


@dataclass
class Corpus:
    """The concepts: their slugs, which are about customers, and their title in each language."""

    slugs: list[str]
    customer: list[bool]
    titles: dict[str, list[str]] = field(default_factory=dict)


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


ENGLISH_SLUG_WORDS = tuple(w for w in LANGS["en"].stems if w.isascii())


def english_title(rng: random.Random, customer: bool) -> str:
    """A Title Case English title made of real finance words (the base of the slug)."""
    words = [rng.choice(ENGLISH_SLUG_WORDS) for _ in range(rng.choice((2, 2, 3)))]
    if customer:
        words[0] = rng.choice([w for w in LANGS["en"].customer_forms if "'" not in w])
    return " ".join(w[0].upper() + w[1:] for w in words)


def unique(make: Callable[[], str], seen: set[str]) -> str:
    """Call ``make()`` until it returns something not in ``seen`` (then add it)."""
    for _ in range(50):
        value = make()
        if value not in seen:
            break
    else:
        value = f"{value} {len(seen)}"
    seen.add(value)
    return value


def make_corpus(concepts: int, vocabularies: dict[str, Vocabulary], seed: int) -> Corpus:
    """Choose slugs, customer concepts and a unique title per concept and language."""
    rng = random.Random(f"{seed}:concepts")
    customer = [rng.random() < CUSTOMER_SHARE for _ in range(concepts)]
    customer_title = [c and rng.random() < CUSTOMER_TITLE_SHARE for c in customer]
    seen: set[str] = set()
    english = [unique(lambda i=i: english_title(rng, customer_title[i]), seen) for i in range(concepts)]
    slugs = [f"{slugify(title)}-{i + 1}" for i, title in enumerate(english)]
    corpus = Corpus(slugs, customer)
    for lang, vocab in vocabularies.items():
        if lang == "en":
            corpus.titles[lang] = english
            continue
        title_rng, seen = random.Random(f"{seed}:{lang}:titles"), set()
        corpus.titles[lang] = [unique(lambda i=i, v=vocab, r=title_rng: v.make_title(r, customer_title[i]), seen)
                               for i in range(concepts)]
    return corpus


class ArticleWriter:
    """Renders the articles of one language, one concept at a time."""

    def __init__(self, vocab: Vocabulary, corpus: Corpus, size: int, seed: int) -> None:
        self.vocab = vocab
        self.spec = vocab.spec
        self.corpus = corpus
        self.titles = corpus.titles[vocab.lang]
        self.size = size
        self.rng = random.Random(f"{seed}:{vocab.lang}:articles")

    def in_sentence(self, title: str) -> str:
        """A title as it reads inside a sentence (lowercase first letter, except in German)."""
        return title if self.spec.noun_caps else title[0].lower() + title[1:]

    def description(self, title: str) -> str:
        """One sentence: "<Title> <is> ..."."""
        words = " ".join(self.vocab.words(self.rng, self.rng.randint(7, 14)))
        return f"{title} {self.spec.is_word} {words}."

    def front_matter(self, title: str, description: str) -> str:
        """The YAML block: title, description, keywords and one or two synonyms."""
        rng = self.rng
        keywords = ",".join(rng.sample(KEYWORDS, rng.randint(1, 3)))
        aka = "".join(f"- {self.vocab.make_title(rng)}\n" for _ in range(rng.randint(1, 2)))
        return (f"---\ntitle: {title}\ndescription: {description}\nkeywords: {keywords}\n"
                f"aka:\n{aka}---\n\n# {title}\n")

    def headings(self, title: str) -> list[str]:
        """One heading per section, from that slot's templates."""
        t = self.in_sentence(title)
        return [self.rng.choice(slot).format(T=title, t=t) for slot in self.spec.headings]

    def draw(self, budget: float) -> list[Sentence]:
        """Sentences from the pool making about ``budget`` bytes (at least one)."""
        pool, choice = self.vocab.sentences, self.rng.choice
        out, size = [choice(pool)], 0
        while size + out[-1].size // 2 < budget:
            size += out[-1].size + 1
            out.append(choice(pool))
        return out[:-1] or out

    def specials(self, index: int, title: str) -> list[Special]:
        """Replacements for sentence slots: links, customer words and mentions of the title."""
        rng, corpus = self.rng, self.corpus
        out = []
        if len(corpus.slugs) > 1:
            for _ in range(rng.randint(2, 6)):
                target = rng.randrange(len(corpus.slugs) - 1)
                target += target >= index  # never the article itself
                text = self.in_sentence(self.titles[target]) if rng.random() < 0.5 else None
                out.append((corpus.slugs[target], text))
        if corpus.customer[index]:
            out += [(None, rng.choice(self.spec.customer_forms)) for _ in range(rng.randint(2, 6))]
        out += [(None, self.in_sentence(title)) for _ in range(rng.randint(1, 3))]
        return out

    @staticmethod
    def render(sentence: Sentence, special: Special) -> str:
        """A pool sentence with its slot word linked to a slug and/or replaced."""
        head, word, tail = sentence.head, sentence.word, sentence.tail
        slug, text = special
        text = text or word
        return f"{head}[{text}](/{slug}){tail}" if slug else head + text + tail

    def paragraphs(self, texts: list[str]) -> str:
        """Sentences grouped into paragraphs of 2-5, maybe one of them quoted."""
        rng, paras, i = self.rng, [], 0
        while i < len(texts):
            n = rng.randint(2, 5)
            paras.append(" ".join(texts[i:i + n]))
            i += n
        if len(paras) > 1 and rng.random() < QUOTE_SHARE:
            j = rng.randrange(1, len(paras))
            paras[j] = "> " + paras[j]
        return "\n\n".join(paras)

    def article(self, index: int) -> str:
        """The whole Markdown file of concept ``index``."""
        rng, title = self.rng, self.titles[index]
        description = self.description(title)
        head = self.front_matter(title, description)
        headings = self.headings(title)
        bullets = [rng.choice(self.vocab.sentences) for _ in range(rng.randint(3, 5))]
        specials = self.specials(index, title)
        fixed = utf8_size(head + description + "".join(headings)) + 6 * len(headings)
        fixed += sum(b.size + 3 for b in bullets) + 20 * len(specials)
        target = rng.uniform(0.8, 1.2) * self.size
        prose = max(300.0, target - fixed)
        sections = [self.draw(prose * share) for share in (0.3, 0.35, 0.35)] + [bullets]
        texts = [[s.text for s in section] for section in sections]
        slots = [(k, i) for k, section in enumerate(sections) for i in range(len(section))]
        for (k, i), special in zip(rng.sample(slots, min(len(slots), len(specials))), specials, strict=False):
            texts[k][i] = self.render(sections[k][i], special)
        texts[0].insert(0, description)
        parts = [head]
        for heading, section_texts in zip(headings[:3], texts[:3], strict=False):
            parts.append(f"## {heading}\n\n{self.paragraphs(section_texts)}\n\n")
        parts.append(f"## {headings[3]}\n\n" + "".join(f"- {t}\n" for t in texts[3]))
        return "".join(parts)


def copy_bundled(bundled: Path, out_dir: Path, langs: list[str]) -> tuple[int, int]:
    """Copy ``<bundled>/<lang>/*.md`` of the chosen languages; return (files, bytes). Missing is fine."""
    files = size = 0
    for lang in langs:
        folder = bundled / lang
        if not folder.is_dir():
            continue
        for source in sorted(folder.glob("*.md")):
            target = out_dir / lang / source.name
            shutil.copyfile(source, target)
            files += 1
            size += target.stat().st_size
    return files, size


def generate(out_dir: Path, concepts: int, langs: list[str], seed: int, size: int,
             bundled: Path | None) -> tuple[int, int, int]:
    """Write the corpus; return (files written, total bytes, bundled files among them)."""
    vocabularies = {lang: Vocabulary(lang, seed) for lang in langs}
    corpus = make_corpus(concepts, vocabularies, seed)
    files = total = 0
    for lang, vocab in vocabularies.items():
        folder = out_dir / lang
        folder.mkdir(parents=True, exist_ok=True)
        writer = ArticleWriter(vocab, corpus, size, seed)
        for index, slug in enumerate(corpus.slugs):
            data = writer.article(index).encode("utf-8")
            with open(folder / f"{slug}.md", "wb") as f:
                f.write(data)
            files += 1
            total += len(data)
    extra_files, extra_bytes = copy_bundled(bundled, out_dir, langs) if bundled else (0, 0)
    return files + extra_files, total + extra_bytes, extra_files


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="where to write <lang>/<slug>.md")
    count = parser.add_mutually_exclusive_group()
    count.add_argument("--concepts", type=int, default=None, metavar="N",
                       help=f"concepts, one article each per language (default {DEFAULT_CONCEPTS})")
    count.add_argument("--articles", type=int, default=None, metavar="N",
                       help="total generated articles instead: concepts = N // number of languages")
    parser.add_argument("--langs", default=",".join(DEFAULT_LANGS),
                        help="comma-separated languages (default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE,
                        help="average article size in bytes (default %(default)s)")
    parser.add_argument("--bundled", type=Path, default=DEFAULT_BUNDLED,
                        help="glossary whose <lang>/*.md are copied in too, if present (default %(default)s)")
    parser.add_argument("--no-bundled", dest="bundled", action="store_const", const=None,
                        help="do not copy the bundled articles")
    parser.add_argument("--clean", action="store_true",
                        help="delete OUT_DIR/<lang> folders of the chosen languages first")
    args = parser.parse_args(argv)
    args.langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
    unknown = [lang for lang in args.langs if lang not in LANGS]
    if unknown or not args.langs:
        parser.error(f"unknown languages {unknown}; choose from {','.join(LANGS)}")
    if args.articles is not None:
        args.concepts = args.articles // len(args.langs)
    elif args.concepts is None:
        args.concepts = DEFAULT_CONCEPTS
    if args.concepts < 1:
        parser.error("need at least one concept")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus and print a one-line summary."""
    args = parse_args(argv)
    start = time.perf_counter()
    if args.clean:
        for lang in args.langs:
            shutil.rmtree(args.out_dir / lang, ignore_errors=True)
    files, total, bundled = generate(args.out_dir, args.concepts, args.langs, args.seed, args.size,
                            args.bundled)
    seconds = time.perf_counter() - start
    print(f"wrote {files} files ({args.concepts} concepts x {len(args.langs)} languages"
          f" + {bundled} bundled), {total / 1e6:.1f} MB, avg {total // max(files, 1)} bytes,"
          f" in {seconds:.1f} s -> {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
