"""The default actor gazetteer: who is commonly quoted on AI governance."""

from dataclasses import dataclass

# Kinds as stored in the database's actor_kind enum.
LAB = "lab"
GOVERNMENT = "government"
AGENCY = "agency"
LEGISLATURE = "legislature"
INTERNATIONAL = "international body"
PERSON = "person"
NGO = "NGO"
GROUP = "group"
OTHER = "other"
ACTOR_KINDS: tuple[str, ...] = (
    LAB,
    GOVERNMENT,
    AGENCY,
    LEGISLATURE,
    INTERNATIONAL,
    PERSON,
    NGO,
    GROUP,
    OTHER,
)


@dataclass(frozen=True)
class ActorSpec:
    """An actor with its kind and the other names it goes by."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()


def _a(name: str, kind: str, *aliases: str) -> ActorSpec:
    return ActorSpec(name, kind, aliases)


DEFAULT_ACTORS: tuple[ActorSpec, ...] = (
    # Frontier labs and AI companies.
    _a("Anthropic", LAB),
    _a("OpenAI", LAB, "Open AI"),
    _a("Google DeepMind", LAB, "DeepMind", "Google"),
    _a("Meta", LAB, "Meta AI", "Facebook"),
    _a("xAI", LAB),
    _a("Mistral AI", LAB, "Mistral"),
    _a("Microsoft", LAB),
    _a("Amazon", LAB),
    _a("Nvidia", LAB, "NVIDIA"),
    _a("Apple", LAB),
    _a("IBM", LAB),
    _a("Cohere", LAB),
    _a("Inflection AI", LAB),
    _a("Hugging Face", LAB),
    _a("Stability AI", LAB),
    _a("DeepSeek", LAB),
    _a("Alibaba", LAB),
    _a("Baidu", LAB),
    _a("Safe Superintelligence", LAB, "SSI"),
    # Governments.
    _a(
        "US Government",
        GOVERNMENT,
        "United States",
        "U.S.",
        "US",
        "USA",
        "America",
        "White House",
        "Biden administration",
        "Trump administration",
        "Washington",
    ),
    _a(
        "UK Government",
        GOVERNMENT,
        "United Kingdom",
        "U.K.",
        "UK",
        "Britain",
        "British government",
        "Downing Street",
        "Whitehall",
        "DSIT",
        "Department for Science, Innovation and Technology",
    ),
    _a("European Union", GOVERNMENT, "EU", "E.U.", "Brussels"),
    _a("European Commission", AGENCY, "the Commission", "EU AI Office", "AI Office"),
    _a("China", GOVERNMENT, "Chinese government", "Beijing", "People's Republic of China"),
    _a("France", GOVERNMENT, "French government"),
    _a("Germany", GOVERNMENT, "German government"),
    _a("Canada", GOVERNMENT, "Canadian government"),
    _a("Japan", GOVERNMENT, "Japanese government"),
    _a("India", GOVERNMENT, "Indian government"),
    _a("South Korea", GOVERNMENT, "Korean government"),
    _a("State of California", GOVERNMENT, "California"),
    # Agencies and institutes.
    _a(
        "UK AI Security Institute",
        AGENCY,
        "AI Security Institute",
        "UK AI Safety Institute",
        "AISI",
    ),
    _a("US AI Safety Institute", AGENCY, "CAISI", "Center for AI Standards and Innovation"),
    _a("NIST", AGENCY, "National Institute of Standards and Technology"),
    _a("Federal Trade Commission", AGENCY, "FTC"),
    _a(
        "Department of Commerce",
        AGENCY,
        "Commerce Department",
        "Bureau of Industry and Security",
        "BIS",
    ),
    _a("Office of Science and Technology Policy", AGENCY, "OSTP"),
    _a("Cyberspace Administration of China", AGENCY, "CAC"),
    # Legislatures.
    _a("European Parliament", LEGISLATURE, "MEPs"),
    _a("US Congress", LEGISLATURE, "Congress"),
    _a("US Senate", LEGISLATURE, "Senate"),
    _a("US House of Representatives", LEGISLATURE, "House of Representatives"),
    _a("UK Parliament", LEGISLATURE, "Parliament", "House of Commons", "House of Lords"),
    _a(
        "California legislature",
        LEGISLATURE,
        "California Legislature",
        "California State Assembly",
        "California Senate",
    ),
    # International bodies.
    _a("United Nations", INTERNATIONAL, "UN", "U.N."),
    _a("OECD", INTERNATIONAL),
    _a("G7", INTERNATIONAL, "Group of Seven"),
    _a("G20", INTERNATIONAL),
    _a("Council of Europe", INTERNATIONAL),
    _a("UNESCO", INTERNATIONAL),
    _a("NATO", INTERNATIONAL),
    _a("International Atomic Energy Agency", INTERNATIONAL, "IAEA"),
    # People.
    _a("Dario Amodei", PERSON),
    _a("Daniela Amodei", PERSON),
    _a("Jack Clark", PERSON),
    _a("Sam Altman", PERSON),
    _a("Greg Brockman", PERSON),
    _a("Ilya Sutskever", PERSON),
    _a("Demis Hassabis", PERSON),
    _a("Shane Legg", PERSON),
    _a("Mustafa Suleyman", PERSON),
    _a("Sundar Pichai", PERSON),
    _a("Satya Nadella", PERSON),
    _a("Mark Zuckerberg", PERSON),
    _a("Elon Musk", PERSON),
    _a("Arthur Mensch", PERSON),
    _a("Jensen Huang", PERSON),
    _a("Yoshua Bengio", PERSON),
    _a("Geoffrey Hinton", PERSON, "Geoff Hinton"),
    _a("Yann LeCun", PERSON),
    _a("Stuart Russell", PERSON),
    _a("Max Tegmark", PERSON),
    _a("Eliezer Yudkowsky", PERSON),
    _a("Gary Marcus", PERSON),
    _a("Fei-Fei Li", PERSON),
    _a("Andrew Ng", PERSON),
    _a("Timnit Gebru", PERSON),
    _a("Helen Toner", PERSON),
    _a("Paul Christiano", PERSON),
    _a("Scott Wiener", PERSON),
    _a("Gavin Newsom", PERSON),
    _a("Joe Biden", PERSON),
    _a("Donald Trump", PERSON),
    _a("Kamala Harris", PERSON),
    _a("JD Vance", PERSON, "J.D. Vance"),
    _a("Rishi Sunak", PERSON),
    _a("Keir Starmer", PERSON),
    _a("Peter Kyle", PERSON),
    _a("Emmanuel Macron", PERSON),
    _a("Ursula von der Leyen", PERSON),
    _a("Thierry Breton", PERSON),
    _a("Margrethe Vestager", PERSON),
    _a("Antonio Guterres", PERSON, "António Guterres"),
    _a("Xi Jinping", PERSON),
    _a("Chuck Schumer", PERSON),
    _a("Ted Cruz", PERSON),
    _a("Josh Hawley", PERSON),
    _a("Richard Blumenthal", PERSON),
    _a("David Sacks", PERSON),
    _a("Marc Andreessen", PERSON),
    # NGOs, think tanks and campaigns.
    _a("Future of Life Institute", NGO, "FLI"),
    _a("Center for AI Safety", NGO, "CAIS"),
    _a("PauseAI", NGO, "Pause AI"),
    _a("Machine Intelligence Research Institute", NGO, "MIRI"),
    _a("AI Now Institute", NGO, "AI Now"),
    _a("Ada Lovelace Institute", NGO),
    _a("Centre for the Governance of AI", NGO, "GovAI"),
    _a("Electronic Frontier Foundation", NGO, "EFF"),
    _a("Encode", NGO, "Encode Justice"),
    _a("METR", NGO),
    _a("Apollo Research", NGO),
    _a("Epoch AI", NGO),
    _a("RAND Corporation", NGO, "RAND"),
    _a("Partnership on AI", NGO),
    _a("Frontier Model Forum", GROUP),
)
