"""Who is in the demo community: countries, names that fit them, organisations and roles.

Plain data, no Django. Everything here is invented; names are common in their country so the
directory reads like a real international network, and no name belongs to anyone in particular.
The organisations are made up but shaped like the real ones a water and sanitation network
gathers: utilities, regulators, ministries, NGOs, universities and the development bank that
runs the community.
"""

from dataclasses import dataclass

UTILITY = "utility"
REGULATOR = "regulator"
MINISTRY = "ministry"
NGO = "ngo"
UNIVERSITY = "university"
BANK = "bank"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    members: int  # how many demo members live there
    zones: tuple[str, ...]  # IANA zones used in that country, the first the most common
    languages: tuple[str, ...]  # the languages members there list, the first the most common
    names: str  # key of NAME_POOLS
    organisations: tuple[tuple[str, str], ...]  # (name, kind) of local organisations


# Given names, then family names. Pools are shared only where naming customs are shared.
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kenya": (
        (
            "Wanjiru",
            "Otieno",
            "Achieng",
            "Kipchoge",
            "Njeri",
            "Mwangi",
            "Akinyi",
            "Cheruiyot",
            "Wambui",
            "Odhiambo",
            "Chebet",
            "Kamau",
        ),
        (
            "Kariuki",
            "Ochieng",
            "Mutua",
            "Kiprono",
            "Wafula",
            "Njoroge",
            "Omondi",
            "Kiplagat",
            "Muthoni",
            "Owino",
            "Gitau",
            "Nyambura",
        ),
    ),
    "nigeria": (
        (
            "Chinedu",
            "Ngozi",
            "Adebayo",
            "Funmilayo",
            "Ibrahim",
            "Aisha",
            "Emeka",
            "Yetunde",
            "Obinna",
            "Halima",
            "Tunde",
            "Chiamaka",
        ),
        (
            "Okafor",
            "Adeyemi",
            "Bello",
            "Nwosu",
            "Abubakar",
            "Eze",
            "Ogunleye",
            "Okonkwo",
            "Balogun",
            "Usman",
            "Afolabi",
            "Nnamdi",
        ),
    ),
    "ghana": (
        ("Kwame", "Akosua", "Kofi", "Ama", "Yaw", "Abena", "Kwabena", "Efua", "Kojo", "Adwoa"),
        (
            "Mensah",
            "Owusu",
            "Boateng",
            "Asante",
            "Osei",
            "Agyeman",
            "Appiah",
            "Darko",
            "Amoah",
            "Frimpong",
        ),
    ),
    "senegal": (
        (
            "Mamadou",
            "Fatou",
            "Cheikh",
            "Aminata",
            "Ousmane",
            "Awa",
            "Ibrahima",
            "Mariama",
            "Moussa",
            "Khady",
        ),
        ("Diop", "Ndiaye", "Fall", "Sow", "Sarr", "Ba", "Faye", "Diallo", "Gueye", "Mbaye"),
    ),
    "ethiopia": (
        (
            "Abebe",
            "Tigist",
            "Dawit",
            "Meron",
            "Yonas",
            "Hirut",
            "Bereket",
            "Selam",
            "Tesfaye",
            "Mahlet",
        ),
        (
            "Bekele",
            "Tadesse",
            "Haile",
            "Alemu",
            "Gebremariam",
            "Wolde",
            "Mekonnen",
            "Girma",
            "Tsegaye",
            "Assefa",
        ),
    ),
    "east_africa": (
        (
            "Neema",
            "Baraka",
            "Rehema",
            "Juma",
            "Amani",
            "Zawadi",
            "Daudi",
            "Halima",
            "Joseph",
            "Grace",
            "Moses",
            "Esther",
        ),
        (
            "Mwakyusa",
            "Nakato",
            "Massawe",
            "Okello",
            "Mushi",
            "Namukasa",
            "Kimaro",
            "Ssempala",
            "Lyimo",
            "Byaruhanga",
            "Mrema",
            "Tumusiime",
        ),
    ),
    "southern_africa": (
        (
            "Thabo",
            "Nomvula",
            "Sipho",
            "Lerato",
            "Mandla",
            "Zanele",
            "Chipo",
            "Mwila",
            "Kabwe",
            "Thandiwe",
            "Bongani",
            "Lindiwe",
        ),
        (
            "Nkosi",
            "Dlamini",
            "Mokoena",
            "Khumalo",
            "Banda",
            "Phiri",
            "Mwale",
            "Zulu",
            "Chanda",
            "Ndlovu",
            "Mulenga",
            "Sithole",
        ),
    ),
    "mozambique": (
        ("Armando", "Celeste", "Ernesto", "Albertina", "Fernando", "Graça", "Júlio", "Luísa"),
        ("Macuácua", "Cossa", "Sitoe", "Nhantumbo", "Mondlane", "Chissano", "Langa", "Matsinhe"),
    ),
    "rwanda": (
        ("Jean-Claude", "Aline", "Eric", "Diane", "Emmanuel", "Claudine", "Patrick", "Solange"),
        (
            "Habimana",
            "Uwimana",
            "Niyonzima",
            "Mukamana",
            "Nsengiyumva",
            "Ingabire",
            "Mugisha",
            "Uwase",
        ),
    ),
    "francophone_west_africa": (
        (
            "Adama",
            "Mariam",
            "Issouf",
            "Salimata",
            "Koffi",
            "Aïcha",
            "Serge",
            "Brigitte",
            "Boureima",
            "Rasmata",
            "Yannick",
            "Estelle",
        ),
        (
            "Traoré",
            "Kaboré",
            "Koné",
            "Ouédraogo",
            "Yao",
            "Coulibaly",
            "Kouassi",
            "Sawadogo",
            "Bamba",
            "Zongo",
            "N'Guessan",
            "Compaoré",
        ),
    ),
    "cameroon": (
        ("Jean-Paul", "Nadège", "Hervé", "Pélagie", "Martial", "Sandrine", "Blaise", "Carine"),
        ("Mbarga", "Nkodo", "Fotso", "Tchoua", "Essomba", "Ngono", "Kamga", "Atangana"),
    ),
    "maghreb": (
        ("Youssef", "Fatima Zahra", "Mohamed", "Salma", "Karim", "Nadia", "Hamza", "Imane"),
        ("El Amrani", "Benali", "Bennani", "Alaoui", "Tazi", "Idrissi", "Chraibi", "Berrada"),
    ),
    "egypt": (
        ("Ahmed", "Mona", "Mahmoud", "Heba", "Omar", "Yasmin", "Tarek", "Dina"),
        ("Hassan", "Abdelrahman", "Farouk", "Mansour", "Saleh", "Fahmy", "Nasser", "Khalil"),
    ),
    "hispanic_america": (
        (
            "María José",
            "Carlos",
            "Lucía",
            "Jorge",
            "Valentina",
            "Andrés",
            "Camila",
            "Diego",
            "Gabriela",
            "Luis",
            "Daniela",
            "Alejandro",
            "Paola",
            "Ricardo",
            "Ximena",
            "Fernando",
        ),
        (
            "García",
            "Rodríguez",
            "Hernández",
            "López",
            "Martínez",
            "Gómez",
            "Díaz",
            "Torres",
            "Ramírez",
            "Vargas",
            "Castillo",
            "Mendoza",
            "Rojas",
            "Quispe",
            "Morales",
            "Salazar",
        ),
    ),
    "brazil": (
        (
            "João",
            "Ana Paula",
            "Rafael",
            "Fernanda",
            "Thiago",
            "Juliana",
            "Marcelo",
            "Beatriz",
            "Gustavo",
            "Larissa",
        ),
        (
            "Silva",
            "Santos",
            "Oliveira",
            "Souza",
            "Pereira",
            "Costa",
            "Almeida",
            "Ferreira",
            "Carvalho",
            "Ribeiro",
        ),
    ),
    "portugal": (
        ("Miguel", "Inês", "Tiago", "Mariana", "Rui", "Catarina"),
        ("Fernandes", "Gonçalves", "Marques", "Sousa", "Lopes", "Rodrigues"),
    ),
    "north_america": (
        (
            "Emily",
            "Michael",
            "Sarah",
            "David",
            "Jessica",
            "Brian",
            "Megan",
            "Kevin",
            "Rachel",
            "Daniel",
        ),
        (
            "Johnson",
            "Miller",
            "Anderson",
            "Thompson",
            "Walker",
            "Nguyen",
            "Patel",
            "Campbell",
            "Harris",
            "Robinson",
        ),
    ),
    "caribbean": (
        ("Andre", "Shanice", "Marlon", "Keisha", "Rohan", "Yanique", "Luis Manuel", "Rosa"),
        ("Campbell", "Brown", "Williams", "Reid", "Fernández", "Reyes", "Peña", "Baptiste"),
    ),
    "india": (
        (
            "Priya",
            "Rahul",
            "Ananya",
            "Vikram",
            "Deepa",
            "Arjun",
            "Kavita",
            "Suresh",
            "Meera",
            "Rajesh",
            "Lakshmi",
            "Amit",
        ),
        (
            "Sharma",
            "Iyer",
            "Reddy",
            "Patel",
            "Nair",
            "Gupta",
            "Deshpande",
            "Rao",
            "Menon",
            "Kulkarni",
            "Banerjee",
            "Singh",
        ),
    ),
    "bangladesh": (
        ("Farhana", "Tanvir", "Nusrat", "Rafiq", "Sharmin", "Kamrul", "Taslima", "Mahbub"),
        ("Rahman", "Hossain", "Islam", "Chowdhury", "Akter", "Ahmed", "Karim", "Haque"),
    ),
    "pakistan": (
        ("Ayesha", "Bilal", "Sana", "Usman", "Hira", "Imran", "Maryam", "Faisal"),
        ("Khan", "Qureshi", "Malik", "Butt", "Siddiqui", "Raza", "Sheikh", "Iqbal"),
    ),
    "nepal": (
        ("Sita", "Ramesh", "Anjali", "Bikash", "Sunita", "Prakash"),
        ("Shrestha", "Thapa", "Gurung", "Adhikari", "Karki", "Maharjan"),
    ),
    "philippines": (
        ("Maria Cristina", "Jose", "Angelica", "Mark Anthony", "Rowena", "Paolo", "Jenny", "Ramon"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Villanueva", "Mendoza", "Aquino"),
    ),
    "indonesia": (
        ("Siti", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Putri", "Wahyu"),
        ("Wijaya", "Santoso", "Hidayat", "Kusuma", "Pratama", "Saputra", "Nugroho", "Lestari"),
    ),
    "vietnam": (
        ("Linh", "Minh", "Huong", "Tuan", "Thao", "Duc"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"),
    ),
    "cambodia": (
        ("Sokha", "Dara", "Sreymom", "Vuthy", "Chanthy"),
        ("Sok", "Chan", "Kim", "Heng", "Phan"),
    ),
    "levant": (
        ("Rania", "Omar", "Lina", "Khaled", "Dana", "Yazan"),
        ("Haddad", "Khoury", "Nassar", "Al-Zoubi", "Masri", "Qasem"),
    ),
    "sri_lanka": (
        ("Nimal", "Chamari", "Ruwan", "Dilani", "Kasun"),
        ("Perera", "Fernando", "Jayasinghe", "Wickramasinghe", "Silva"),
    ),
    "uzbekistan": (
        ("Dilnoza", "Bekzod", "Nodira", "Sardor", "Malika"),
        ("Karimov", "Yusupova", "Rakhimov", "Tursunova", "Abdullaev"),
    ),
    "britain": (
        ("Claire", "James", "Sophie", "Tom", "Hannah", "Oliver", "Rebecca", "Alistair"),
        ("Smith", "Hughes", "Clarke", "Evans", "Wright", "Turner", "Morgan", "Fletcher"),
    ),
    "france": (
        ("Camille", "Julien", "Claire", "Mathieu", "Élodie", "Nicolas", "Aurélie", "Antoine"),
        ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Rousseau"),
    ),
    "germany_netherlands": (
        (
            "Anna",
            "Lukas",
            "Katrin",
            "Jan",
            "Sanne",
            "Maarten",
            "Julia",
            "Stefan",
            "Femke",
            "Tobias",
        ),
        (
            "Müller",
            "Schmidt",
            "de Vries",
            "Bakker",
            "Wagner",
            "Jansen",
            "Becker",
            "Visser",
            "Hoffmann",
            "van Dijk",
        ),
    ),
    "spain": (
        ("Laura", "Javier", "Marta", "Pablo", "Elena", "Sergio"),
        ("Fernández", "Sánchez", "Navarro", "Ruiz", "Moreno", "Jiménez"),
    ),
    "italy": (
        ("Giulia", "Marco", "Francesca", "Luca"),
        ("Rossi", "Bianchi", "Esposito", "Romano"),
    ),
    "romania": (
        ("Andreea", "Mihai", "Ioana", "Radu", "Elena"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Gheorghe"),
    ),
    "ukraine": (
        ("Olena", "Andriy", "Iryna", "Taras", "Kateryna"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk"),
    ),
    "australia_nz": (
        ("Chloe", "Liam", "Kate", "Mitchell", "Aroha", "Nikau", "Jess", "Ben"),
        ("Wilson", "Taylor", "Kelly", "Ngata", "Parata", "Murphy", "Stewart", "Walsh"),
    ),
    "melanesia": (
        ("Losana", "Ratu Josefa", "Mere", "Peni", "Kila", "Rosemary", "Tau", "Agnes"),
        ("Vakacegu", "Naidu", "Tuilagi", "Ravu", "Kila", "Namaliu", "Puka", "Wari"),
    ),
}

# Organisations anyone in the network may belong to, wherever they live.
INTERNATIONAL_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("Meridian Development Bank", BANK),
    ("AquaBridge International", NGO),
    ("Sanitation Futures Trust", NGO),
    ("Utility Peer Partnership", NGO),
    ("Institute for Urban Water Studies", UNIVERSITY),
)

# fmt: off
COUNTRIES: tuple[Country, ...] = (
    # Africa
    Country("KE", 14, ("Africa/Nairobi",), ("English", "Swahili"), "kenya", (
        ("Nyando Valley Water and Sanitation Company", UTILITY),
        ("Water Services Regulatory Council of Kenya", REGULATOR),
        ("Kisumu Lakeside Water Company", UTILITY))),
    Country("NG", 14, ("Africa/Lagos",), ("English", "Yoruba", "Hausa", "Igbo"), "nigeria", (
        ("Ogun River Basin Water Corporation", UTILITY),
        ("Federal Ministry of Water Resources and Sanitation", MINISTRY),
        ("Kaduna State Water Board", UTILITY),
        ("Covenant Polytechnic Water Research Centre", UNIVERSITY))),
    Country("GH", 8, ("Africa/Accra",), ("English", "Twi"), "ghana", (
        ("Volta Urban Water Company", UTILITY),
        ("Public Utilities Regulatory Office of Ghana", REGULATOR))),
    Country("SN", 7, ("Africa/Dakar",), ("French", "Wolof"), "senegal", (
        ("Société des Eaux du Cap-Vert", UTILITY),
        ("Office National d'Assainissement du Sénégal", UTILITY))),
    Country("ET", 8, ("Africa/Addis_Ababa",), ("Amharic", "English"), "ethiopia", (
        ("Addis Highlands Water and Sewerage Authority", UTILITY),
        ("Ministry of Water and Energy", MINISTRY))),
    Country("TZ", 8, ("Africa/Dar_es_Salaam",), ("Swahili", "English"), "east_africa", (
        ("Dar Coast Water Supply and Sanitation Authority", UTILITY),
        ("Energy and Water Utilities Regulatory Authority", REGULATOR))),
    Country("UG", 7, ("Africa/Kampala",), ("English", "Luganda"), "east_africa", (
        ("Lake Victoria Water and Sewerage Corporation", UTILITY),
        ("Makerere Institute of Water Engineering", UNIVERSITY))),
    Country("ZA", 9, ("Africa/Johannesburg",), ("English", "isiZulu", "Afrikaans"),
            "southern_africa", (
        ("Highveld Metro Water", UTILITY),
        ("Cape Peninsula Water and Sanitation", UTILITY),
        ("Water Research Hub of the Witwatersrand", UNIVERSITY))),
    Country("ZM", 6, ("Africa/Lusaka",), ("English", "Bemba"), "southern_africa", (
        ("Kafue Water and Sewerage Company", UTILITY),
        ("National Water Supply and Sanitation Regulatory Council", REGULATOR))),
    Country("MZ", 5, ("Africa/Maputo",), ("Portuguese",), "mozambique", (
        ("Águas da Região Sul", UTILITY),
        ("Autoridade Reguladora de Águas", REGULATOR))),
    Country("RW", 5, ("Africa/Kigali",), ("Kinyarwanda", "English", "French"), "rwanda", (
        ("Kigali Water and Sanitation Services", UTILITY),)),
    Country("CI", 6, ("Africa/Abidjan",), ("French",), "francophone_west_africa", (
        ("Société Ivoirienne des Eaux Urbaines", UTILITY),
        ("Ministère de l'Hydraulique et de l'Assainissement", MINISTRY))),
    Country("MA", 5, ("Africa/Casablanca",), ("Arabic", "French"), "maghreb", (
        ("Régie Autonome des Eaux du Souss", UTILITY),)),
    Country("EG", 5, ("Africa/Cairo",), ("Arabic", "English"), "egypt", (
        ("Nile Delta Water and Wastewater Company", UTILITY),
        ("Water and Wastewater Regulatory Agency of Egypt", REGULATOR))),
    Country("CM", 5, ("Africa/Douala",), ("French", "English"), "cameroon", (
        ("Camerounaise des Eaux du Littoral", UTILITY),)),
    Country("BF", 4, ("Africa/Ouagadougou",), ("French", "Mooré"), "francophone_west_africa", (
        ("Office de l'Eau Potable du Kadiogo", UTILITY),)),
    Country("MW", 4, ("Africa/Blantyre",), ("English", "Chichewa"), "southern_africa", (
        ("Shire Highlands Water Board", UTILITY),)),
    # Americas
    Country("MX", 9, ("America/Mexico_City", "America/Monterrey"), ("Spanish", "English"),
            "hispanic_america", (
        ("Sistema de Agua Potable del Valle de Anáhuac", UTILITY),
        ("Comisión Estatal del Agua de Nuevo León", UTILITY),
        ("Universidad Tecnológica del Agua", UNIVERSITY))),
    Country("CO", 8, ("America/Bogota",), ("Spanish", "English"), "hispanic_america", (
        ("Empresa de Acueducto del Valle de Aburrá", UTILITY),
        ("Comisión de Regulación de Agua Potable", REGULATOR))),
    Country("PE", 7, ("America/Lima",), ("Spanish", "Quechua"), "hispanic_america", (
        ("Servicio de Agua de Arequipa", UTILITY),
        ("Superintendencia de Servicios de Saneamiento", REGULATOR))),
    Country("BR", 9, ("America/Sao_Paulo", "America/Manaus"), ("Portuguese", "English"),
            "brazil", (
        ("Companhia de Saneamento do Cerrado", UTILITY),
        ("Agência Reguladora de Saneamento do Nordeste", REGULATOR),
        ("Instituto de Pesquisas Hidráulicas de Minas", UNIVERSITY))),
    Country("AR", 5, ("America/Argentina/Buenos_Aires",), ("Spanish",), "hispanic_america", (
        ("Aguas del Litoral Pampeano", UTILITY),)),
    Country("CL", 5, ("America/Santiago",), ("Spanish", "English"), "hispanic_america", (
        ("Aguas Andinas del Norte Chico", UTILITY),)),
    Country("EC", 4, ("America/Guayaquil",), ("Spanish",), "hispanic_america", (
        ("Empresa Municipal de Agua de Cuenca Alta", UTILITY),)),
    Country("GT", 4, ("America/Guatemala",), ("Spanish", "K'iche'"), "hispanic_america", (
        ("Ministerio de Ambiente y Recursos Hídricos", MINISTRY),)),
    Country("HN", 3, ("America/Tegucigalpa",), ("Spanish",), "hispanic_america", (
        ("Ente Regulador de Agua y Saneamiento", REGULATOR),)),
    Country("BO", 4, ("America/La_Paz",), ("Spanish", "Aymara"), "hispanic_america", (
        ("Empresa Pública de Agua del Altiplano", UTILITY),)),
    Country("US", 7, ("America/New_York", "America/Chicago", "America/Los_Angeles"),
            ("English", "Spanish"), "north_america", (
        ("Great Lakes Water Authority Research Office", UTILITY),
        ("Western States Water Policy Center", UNIVERSITY))),
    Country("CA", 3, ("America/Toronto", "America/Vancouver"), ("English", "French"),
            "north_america", (
        ("Ontario Clean Water Collaborative", NGO),)),
    Country("JM", 3, ("America/Jamaica",), ("English",), "caribbean", (
        ("Office of Utilities Regulation of the Caribbean", REGULATOR),)),
    Country("DO", 3, ("America/Santo_Domingo",), ("Spanish",), "caribbean", (
        ("Corporación de Acueductos del Cibao", UTILITY),)),
    # Asia
    Country("IN", 12, ("Asia/Kolkata",), ("English", "Hindi", "Marathi", "Tamil"), "india", (
        ("Pune Metropolitan Water Supply Board", UTILITY),
        ("State Water Regulatory Commission of Maharashtra", REGULATOR),
        ("Ministry of Jal Shakti, Urban Water Division", MINISTRY),
        ("Centre for Water and Sanitation Studies, Chennai", UNIVERSITY))),
    Country("BD", 7, ("Asia/Dhaka",), ("Bengali", "English"), "bangladesh", (
        ("Chattogram Water Supply and Sewerage Authority", UTILITY),
        ("Delta Sanitation Alliance", NGO))),
    Country("PK", 6, ("Asia/Karachi",), ("Urdu", "English"), "pakistan", (
        ("Lahore Water and Sanitation Company", UTILITY),
        ("Punjab Urban Water Regulatory Unit", REGULATOR))),
    Country("NP", 4, ("Asia/Kathmandu",), ("Nepali", "English"), "nepal", (
        ("Kathmandu Valley Water Supply Management Board", UTILITY),)),
    Country("PH", 7, ("Asia/Manila",), ("Filipino", "English"), "philippines", (
        ("Metro Cebu Water District", UTILITY),
        ("Local Water Utilities Regulatory Office", REGULATOR))),
    Country("ID", 6, ("Asia/Jakarta", "Asia/Makassar"), ("Indonesian", "English"),
            "indonesia", (
        ("PDAM Tirta Nusantara", UTILITY),
        ("Kementerian Pekerjaan Umum, Directorate of Water Supply", MINISTRY))),
    Country("VN", 5, ("Asia/Ho_Chi_Minh",), ("Vietnamese", "English"), "vietnam", (
        ("Saigon Delta Water Supply Corporation", UTILITY),)),
    Country("KH", 3, ("Asia/Phnom_Penh",), ("Khmer", "English"), "cambodia", (
        ("Mekong Riverside Water Supply Authority", UTILITY),)),
    Country("JO", 4, ("Asia/Amman",), ("Arabic", "English"), "levant", (
        ("Amman Heights Water Company", UTILITY),
        ("Water Sector Regulatory Commission of Jordan", REGULATOR))),
    Country("LK", 3, ("Asia/Colombo",), ("Sinhala", "Tamil", "English"), "sri_lanka", (
        ("National Water Supply and Drainage Board, Western Region", UTILITY),)),
    Country("UZ", 3, ("Asia/Tashkent",), ("Uzbek", "Russian"), "uzbekistan", (
        ("Tashkent Suvsoz Utility", UTILITY),)),
    # Europe
    Country("GB", 6, ("Europe/London",), ("English",), "britain", (
        ("Severn Vale Water", UTILITY),
        ("Centre for Water Governance, University of Northfield", UNIVERSITY))),
    Country("FR", 6, ("Europe/Paris",), ("French", "English"), "france", (
        ("Régie des Eaux du Grand Lyon Sud", UTILITY),
        ("Agence Française pour l'Eau Solidaire", NGO))),
    Country("DE", 4, ("Europe/Berlin",), ("German", "English"), "germany_netherlands", (
        ("Stadtwerke Rheinaue Wasser", UTILITY),)),
    Country("NL", 4, ("Europe/Amsterdam",), ("Dutch", "English"), "germany_netherlands", (
        ("Delta Water Operators Network", NGO),)),
    Country("ES", 4, ("Europe/Madrid",), ("Spanish", "English"), "spain", (
        ("Canal de Aguas del Ebro", UTILITY),)),
    Country("PT", 3, ("Europe/Lisbon",), ("Portuguese", "English"), "portugal", (
        ("Entidade Reguladora das Águas do Tejo", REGULATOR),)),
    Country("IT", 2, ("Europe/Rome",), ("Italian", "English"), "italy", (
        ("Acquedotto delle Colline Toscane", UTILITY),)),
    Country("RO", 3, ("Europe/Bucharest",), ("Romanian", "English"), "romania", (
        ("Apa Nova Transilvania", UTILITY),)),
    Country("UA", 3, ("Europe/Kyiv",), ("Ukrainian", "English"), "ukraine", (
        ("Dnipro Vodokanal", UTILITY),)),
    # Oceania
    Country("AU", 5, ("Australia/Sydney", "Australia/Perth"), ("English",), "australia_nz", (
        ("Murray Plains Water", UTILITY),
        ("Pacific Water Institute", UNIVERSITY))),
    Country("NZ", 2, ("Pacific/Auckland",), ("English", "Māori"), "australia_nz", (
        ("Waikato Three Waters Services", UTILITY),)),
    Country("FJ", 3, ("Pacific/Fiji",), ("English", "Fijian", "Hindi"), "melanesia", (
        ("Viti Water Services", UTILITY),)),
    Country("PG", 3, ("Pacific/Port_Moresby",), ("English", "Tok Pisin"), "melanesia", (
        ("Highlands Water and Sewerage", UTILITY),)),
)
# fmt: on

# Job titles by kind of organisation, each with the expertise tags such a person brings.
ROLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    UTILITY: (
        (
            "Non-revenue water engineer",
            ("non-revenue water", "leak detection", "pressure management"),
        ),
        ("Head of distribution", ("non-revenue water", "asset management", "pressure management")),
        ("GIS analyst", ("gis", "data and dashboards")),
        ("Customer service manager", ("customer service", "billing and collection")),
        ("Asset management lead", ("asset management", "financing")),
        ("Managing director", ("financing", "ppp", "performance benchmarking")),
        ("Metering supervisor", ("digital metering", "billing and collection")),
        ("Operations engineer", ("energy efficiency", "water quality", "asset management")),
        ("Planning engineer", ("climate resilience", "drought planning", "gis")),
        ("Commercial manager", ("billing and collection", "tariff setting", "digital metering")),
        ("Water quality chemist", ("water quality",)),
        ("Wastewater treatment manager", ("wastewater treatment", "energy efficiency")),
        ("Sanitation services officer", ("sanitation", "faecal sludge management")),
    ),
    REGULATOR: (
        ("Tariff analyst", ("tariff setting", "financing")),
        ("Regulatory economist", ("tariff setting", "regulation", "performance benchmarking")),
        ("Head of licensing", ("regulation", "ppp")),
        ("Performance monitoring officer", ("performance benchmarking", "data and dashboards")),
        ("Consumer protection officer", ("customer service", "regulation")),
    ),
    MINISTRY: (
        ("Policy advisor, water supply", ("regulation", "financing", "climate resilience")),
        ("Director of urban sanitation", ("sanitation", "faecal sludge management")),
        ("Programme officer, WASH", ("sanitation", "capacity building")),
        ("PPP unit specialist", ("ppp", "financing")),
    ),
    NGO: (
        ("WASH programme manager", ("sanitation", "informal settlements", "capacity building")),
        (
            "Community sanitation officer",
            ("sanitation", "faecal sludge management", "gender and inclusion"),
        ),
        ("Field coordinator", ("informal settlements", "stakeholder engagement")),
        ("Advocacy lead", ("stakeholder engagement", "gender and inclusion")),
        ("Twinning programme coordinator", ("capacity building", "performance benchmarking")),
    ),
    UNIVERSITY: (
        ("Lecturer in hydraulic engineering", ("pressure management", "asset management")),
        ("Research fellow, urban water", ("climate resilience", "data and dashboards")),
        ("PhD researcher", ("water quality", "wastewater treatment")),
        ("Professor of environmental engineering", ("wastewater treatment", "climate resilience")),
    ),
    BANK: (
        ("Senior water and sanitation specialist", ("financing", "ppp", "regulation")),
        ("Knowledge management officer", ("capacity building", "stakeholder engagement")),
        ("Operations analyst, water", ("financing", "performance benchmarking")),
        ("Climate adaptation specialist", ("climate resilience", "drought planning")),
    ),
}

# The community's shared vocabulary; every tag used in the demo comes from here.
TAGS: tuple[str, ...] = (
    "non-revenue water",
    "leak detection",
    "pressure management",
    "tariff setting",
    "billing and collection",
    "gis",
    "data and dashboards",
    "climate resilience",
    "drought planning",
    "sanitation",
    "faecal sludge management",
    "wastewater treatment",
    "ppp",
    "financing",
    "asset management",
    "customer service",
    "digital metering",
    "water quality",
    "energy efficiency",
    "regulation",
    "performance benchmarking",
    "informal settlements",
    "gender and inclusion",
    "capacity building",
    "stakeholder engagement",
)
