"""The words and sentence shapes the synthetic corpus is written with.

Word frequencies are Zipf-like on purpose: a search benchmark needs terms that are very common
(in more than 60% of articles), common, mid and rare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate


def _words(text: str) -> list[str]:
    return text.split()

# Each list is in rough order of how often the word appears in news copy; the Zipf weights
# below turn that order into frequencies.

DETERMINERS = _words("the the a its their this another")
PREPOSITIONS = _words(
    "in on for with after over across amid against despite before under from by during "
    "within beyond toward"
)
NOUNS = _words(
    "government people year week country officials plan report state city police market "
    "minister policy month public talks support deal group leaders region security workers "
    "law company companies families election vote system crisis community demand pressure "
    "agency budget court decision data program services committee debate sector investment "
    "industry plans funding spending response growth figures share campaign strategy action "
    "statement warning changes evidence infrastructure measures reforms negotiations "
    "agreement tensions concerns challenges impact future progress efforts risks access "
    "prices costs jobs wages households residents voters lawmakers regulators investors "
    "analysts observers critics authorities ministry parliament coalition opposition "
    "alliance summit delegation treaty sanctions protests unrest shortages recovery outlook"
)
VERBS = _words(
    "said announced warned expected reported agreed confirmed rejected approved launched "
    "unveiled proposed criticised signalled raised cut increased reduced delayed blocked "
    "backed welcomed questioned ruled pledged promised revealed suspended extended "
    "defended challenged secured outlined dismissed acknowledged accelerated postponed "
    "tightened eased doubled halted resumed"
)
ADJECTIVES = _words(
    "new national global local major public economic political international federal "
    "regional key recent senior former foreign domestic significant growing sharp "
    "record historic controversial fragile ambitious urgent lasting renewed broader "
    "unexpected modest steep cautious decisive bold critical strategic unprecedented"
)
ROLES = _words(
    "minister spokesperson official analyst economist president chancellor governor "
    "senator researcher adviser mayor ambassador commissioner director chairman"
)
PLACES = _words(
    "China Ukraine Russia France Germany India Britain Japan Brazil Israel Iran Canada "
    "Mexico Italy Spain Turkey Australia Poland Egypt Nigeria Kenya Indonesia Pakistan "
    "Argentina Korea Taiwan Sweden Norway Netherlands Belgium Greece Portugal Ireland "
    "Vietnam Thailand Philippines Malaysia Singapore Chile Colombia Peru Venezuela Ethiopia "
    "Ghana Morocco Algeria Tunisia Lebanon Syria Iraq Jordan Qatar Kuwait Oman Yemen "
    "Afghanistan Bangladesh Nepal Myanmar Cambodia Laos Mongolia Kazakhstan Uzbekistan "
    "Georgia Armenia Azerbaijan Serbia Croatia Hungary Romania Bulgaria Slovakia Slovenia "
    "Austria Switzerland Denmark Finland Iceland Estonia Latvia Lithuania Moldova Belarus "
    "Cyprus Malta Luxembourg Senegal Uganda Tanzania Rwanda Zambia Zimbabwe Angola Namibia "
    "Botswana Madagascar Mozambique Sudan Somalia Libya Ecuador Bolivia Paraguay Uruguay "
    "Cuba Jamaica Haiti Panama Honduras Guatemala Nicaragua Fiji Samoa Tonga Vanuatu"
)
SURNAMES = _words(
    "Smith Garcia Chen Müller Okafor Kowalski Nakamura Rossi Dubois Silva Haddad Novak "
    "Johansson Petrov Kim Nguyen Patel Singh Kumar Ahmed Hassan Ibrahim Mensah Mwangi "
    "Fernandez Lopez Martinez Gonzalez Rodriguez Schmidt Fischer Weber Wagner Becker Hoffmann "
    "Schulz Koch Bauer Richter Klein Wolf Laurent Moreau Lefebvre Girard Bonnet Fontaine "
    "Marino Romano Colombo Ricci Bruno Greco Conti Esposito Russo Yamamoto Tanaka Suzuki "
    "Watanabe Ito Sato Kobayashi Kato Yoshida Yamada Sasaki Park Lee Choi Jung Kang Cho Yoon "
    "Jang Lim Han Wang Li Zhang Liu Yang Huang Zhao Wu Zhou Xu Zhu Guo Lin "
    "Gao Luo Tran Pham Hoang Phan Vu Dang Bui Ngo Duong Sharma Verma Gupta Mehta "
    "Reddy Nair Iyer Das Bose Chatterjee Mukherjee Banerjee Rao Pillai Menon Joshi Kapoor "
    "Malhotra Adeyemi Balogun Eze Nwosu Okonkwo Abubakar Bello Danjuma Otieno Kamau Wanjiru "
    "Njoroge Achieng Odhiambo Kiprop Cheruiyot Moyo Dlamini Nkosi Ndlovu Khumalo Zulu "
    "Mokoena Botha Pretorius Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson "
    "Svensson Gustafsson Pettersson Jonsson Hansen Jensen Nielsen Pedersen Christensen "
    "Rasmussen Sorensen Virtanen Korhonen Makinen Nieminen Hamalainen Laine Heikkinen "
    "Koskinen Jarvinen Lehtonen Kovacs Szabo Horvath Toth Nagy Varga Kiss Molnar Nemeth "
    "Farkas Balogh Popescu Ionescu Dumitru Stoica Gheorghe Rusu Munteanu Matei Constantin"
)
RARE_WORDS = _words(
    "ombudsman archipelago referendum filibuster moratorium gerrymandering austerity "
    "stagflation quantitative desalination geothermal permafrost monsoon cyclone typhoon "
    "avalanche wildfire drought famine cholera vaccination quarantine epidemiologist "
    "cryptocurrency blockchain semiconductor lithium cobalt hydrogen nuclear uranium "
    "pipeline refinery tariff embargo subsidy pension mortgage bankruptcy insolvency "
    "merger acquisition antitrust whistleblower indictment acquittal extradition asylum "
    "deportation ceasefire armistice insurgency militia coup impeachment recount ballot "
    "constituency incumbent runoff caucus primaries gubernatorial bipartisan veto "
    "amendment constitution judiciary tribunal arbitration mediation envoy consulate "
    "diaspora humanitarian reconstruction demining peacekeepers drone satellite telescope "
    "genome vaccine antibiotic biodiversity deforestation reforestation mangrove coral "
    "glacier emissions carbon methane offsets turbines photovoltaic grid blackout "
    "broadband encryption ransomware algorithm chatbot robotics automation startup "
    "unicorn valuation dividend bond yields currency devaluation remittances microfinance "
    "cooperative smallholder irrigation harvest fisheries tourism pilgrimage heritage "
    "archaeologists excavation manuscript museum orchestra festival marathon olympics"
)

TOPICS: dict[str, list[str]] = {
    "economy": _words(
        "inflation rates bank economy interest growth recession prices markets trade "
        "exports imports unemployment currency debt deficit stocks earnings consumers "
        "retail manufacturing output forecast lending credit savings"
    ),
    "elections": _words(
        "election candidates polls voters ballots turnout campaign parties coalition "
        "majority seats candidate polling debate rally results constituency mandate "
        "opposition incumbent primary electoral victory defeat"
    ),
    "climate": _words(
        "climate emissions warming temperatures energy renewable heatwave floods storms "
        "rainfall carbon fossil solar wind coal drought wildfires adaptation pledge "
        "targets ecosystems oceans pollution conservation species"
    ),
    "technology": _words(
        "technology artificial intelligence software chips data platform users privacy "
        "regulation apps devices smartphones cloud cybersecurity hackers networks "
        "innovation startups engineers computing internet online digital"
    ),
    "conflict": _words(
        "military troops forces attack missile defence border soldiers strikes weapons "
        "army navy conflict ceasefire fighting casualties civilians offensive invasion "
        "ballistic hypersonic launch deterrence intelligence"
    ),
    "health": _words(
        "health hospital patients doctors disease virus outbreak cases treatment "
        "vaccines nurses medicine clinics infections pandemic care drugs trials "
        "symptoms mortality screening insurance wellbeing"
    ),
    "diplomacy": _words(
        "diplomatic relations talks summit foreign ambassador sanctions negotiations "
        "bilateral cooperation allies partnership visit accord dialogue envoys "
        "embassy multilateral mediation goodwill tensions rapprochement"
    ),
    "justice": _words(
        "court judge trial verdict prosecutors lawyers charges appeal ruling sentence "
        "jury investigation fraud corruption evidence testimony conviction lawsuit "
        "supreme rights justice defendants"
    ),
    "migration": _words(
        "migrants refugees border asylum crossings camps smuggling deportations visas "
        "integration arrivals shelters humanitarian displacement resettlement quotas "
        "citizenship labour permits detention"
    ),
    "education": _words(
        "schools students teachers universities education tuition curriculum exams "
        "classrooms pupils graduates funding literacy scholarships campus enrolment "
        "research academics degrees learning"
    ),
    "transport": _words(
        "transport rail trains airlines flights airport roads traffic passengers "
        "infrastructure ports shipping freight vehicles electric railway congestion "
        "commuters fares highways logistics"
    ),
    "sport": _words(
        "football tournament championship players coach team league match season "
        "olympic athletes medal final cup stadium fans transfer squad victory record"
    ),
}
TOPIC_NAMES: tuple[str, ...] = tuple(TOPICS)

# Words that only a cp1252/UTF-8 file can carry: they force a real decoding decision.
ACCENTED_WORDS = _words("café résumé protégé décor fiancé naïve cliché élite régime entrée")

SENTENCE_TEMPLATES: tuple[str, ...] = (
    "{d} {a} {t} {r} {p} {v} {d} {n} {r} {t}, {o} {m} said.",
    "{o} {m} {v} that {d} {t} would weigh on {d} {a} {n} {r} {p}.",
    "{r} {d} {n}, {d} {t} {v} {q}, according to {a} {n}.",
    "{d} {n} in {p} {v} {d} {a} {t} {r} {d} {n} of {t} and {t}.",
    "{a} {n} {v} {r} {p} as {n} over {t} {v} {r} {d} {a} {n}.",
    "The {g} {v} {d} {t} {r} {p}, where {n} have {v} {d} {n} since {y}.",
    "{o} {m} of {p} {v} the {t} as {a}, adding that {n} {v} {q}.",
    "{d} {t} {r} {p} is {a} for {d} {n}, and {n} {v} {r} {t} and {g}.",
    "It is not {a} whether {d} {n} will change the {t} {r} {p}, {o} {m} said.",
    "{p} and {p} {v} {d} {a} {n} on {t} {r} {d} {n} with {p}.",
    "{q} in {t} was {v} {r} {y}, {a} {n} {r} {d} {g} showed.",
    "{d} {n} {v} {d} {t} {r} {d} {a} {n}, which {v} {d} {n} of {p}.",
)
HEADING_TEMPLATES: tuple[str, ...] = (
    "{a} {t} and {n}",
    "Background and {a} {n}",
    "What {d} {t} means for {p}",
    "{t} {r} {p}",
    "The {a} {n}",
    "What lies ahead",
    "{a} implications",
    "{n} and {t}",
)
TITLE_TEMPLATES: tuple[str, ...] = (
    "{p} {v} {a} {t} plan {r} {n}",
    "{o} {m} {v} {t} {r} {p}",
    "{a} {t} {v} {r} {p} as {n} grows",
    "{t} in {p}: {a} {n} {v}",
    "{p} {t} {v} {q}",
)

SLOT = re.compile(r"\{(\w)\}")


def zipf_cum_weights(size: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights for rank 1..size, ready for `random.choices(cum_weights=...)`."""
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, size + 1)))


@dataclass(frozen=True, slots=True)
class WordClass:
    words: list[str]
    cum_weights: list[float]


def _word_class(words: list[str], exponent: float = 1.0) -> WordClass:
    return WordClass(words, zipf_cum_weights(len(words), exponent))


WORD_CLASSES: dict[str, WordClass] = {
    "d": _word_class(DETERMINERS, 0.8),
    "r": _word_class(PREPOSITIONS, 1.0),
    "n": _word_class(NOUNS, 1.1),
    "v": _word_class(VERBS, 1.2),
    "a": _word_class(ADJECTIVES, 1.0),
    "o": _word_class(ROLES, 1.0),
    "p": _word_class(PLACES, 1.1),
    # Steep curves for names and rare words: most of them must stay under 1% of articles.
    "m": _word_class(SURNAMES, 1.3),
    "g": _word_class(RARE_WORDS, 1.3),
}
TOPIC_CLASSES: dict[str, WordClass] = {
    name: _word_class(words, 0.9) for name, words in TOPICS.items()
}


@dataclass(frozen=True, slots=True)
class Template:
    """A template split once into a `str.format` pattern and its slot classes."""

    pattern: str
    classes: tuple[str, ...]


def _compile(templates: tuple[str, ...]) -> tuple[Template, ...]:
    return tuple(
        Template(SLOT.sub("{}", t), tuple(m.group(1) for m in SLOT.finditer(t))) for t in templates
    )


SENTENCES = _compile(SENTENCE_TEMPLATES)
HEADINGS = _compile(HEADING_TEMPLATES)
TITLES = _compile(TITLE_TEMPLATES)
