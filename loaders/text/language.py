"""The language rules of the report-text loader, as data tables in one place.

What a *system* is called comes from the ontology (labels and ``skos:altLabel``), never from here.
This module holds only how Vietnamese (and English) report prose works: abbreviations that stand for
common words, the head nouns that introduce a named system, the cue words that state a link, the
words that qualify or disqualify a number, and the few domain rules that turn a cue plus the kinds
of the two systems into an ontology relation. Words are written as in a report (lower case,
with diacritics) and compared with the report's words lower-cased; in a report typed without
diacritics both sides are folded (see ``keyed``), so the rules hold either way. Abbreviations and
the head-related tables are written folded, as the lexicon is.

Nothing here names a report, a province or a sentence: the tables describe the genre.
"""

from __future__ import annotations

from loaders.text.folding import fold

# -- word-level normalisation ---------------------------------------------------------------------

#: abbreviations that stand for common words inside longer names ("Cổng DVC" = "Cổng dịch vụ công"),
#: expanded on both the text and the lexicon side so either spelling matches the other
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "csdl": ("co", "so", "du", "lieu"),
    "dvc": ("dich", "vu", "cong"),
    "dvctt": ("dich", "vu", "cong", "truc", "tuyen"),
    "ttdt": ("thong", "tin", "dien", "tu"),
    "httt": ("he", "thong", "thong", "tin"),
    "tthc": ("thu", "tuc", "hanh", "chinh"),
    "qg": ("quoc", "gia"),
    "cqnn": ("co", "quan", "nha", "nuoc"),
    "tslcd": ("truyen", "so", "lieu", "chuyen", "dung"),
    "dc": ("data", "center"),
}

#: characters that end a clause for matching purposes: a name never runs across them (a full stop
#: inside a web address, "tiemchung.vncdc.gov.vn", is part of the address, not a break)
HARD_BREAKS = ".;:!?()[]{}\"“”\n|…"

# -- system mentions --------------------------------------------------------------------------------

#: classes whose labels are generic heads: alone they name no system, followed by a name they
#: introduce one ("phần mềm kế toán", "cơ sở dữ liệu đất đai"); a named system of the root class is
#: typed as an application, the commonest kind named this way
HEAD_CLASSES: tuple[str, ...] = ("InformationSystem", "ApplicationSystem", "Database")
HEAD_FORMS: frozenset[str] = frozenset({
    "phan mem", "phan he", "ung dung", "phan mem ung dung", "he thong thong tin",
    "co so du lieu", "nen tang", "database", "software", "application", "information system",
})
ROOT_HEAD_KIND = "ApplicationSystem"
#: a "name" made only of these words is a description, not a name ("hệ thống thông tin dùng chung")
GENERIC_NAME_WORDS: frozenset[str] = frozenset({
    "dung chung", "trong yeu", "quan trong", "chuyen nganh", "cap quoc gia", "cap tinh", "cap huyen",
    "cap xa", "khac", "moi", "hien dai", "hien co", "lien quan", "chung", "tinh", "huyen", "xa",
    "thanh pho", "quoc gia", "nha nuoc", "so", "dien tu", "cua tinh", "tap trung", "nay", "do", "cap",
    "cot loi", "di dong", "san sang", "hat nhan", "nen tang", "quan trong nhat", "thiet yeu",
})
#: folded words that only say "a system" ("hệ thống", "phần mềm", "cổng"): they do not tell which
GENERIC_SYSTEM_WORDS: frozenset[str] = frozenset({
    "he", "thong", "phan", "mem", "ung", "dung", "nen", "tang", "cong", "mang", "truc", "system", "software",
})
#: words that cannot start a name (an administrative unit or a place follows "hệ thống thông tin")
NAME_CANNOT_START: frozenset[str] = frozenset({"tinh", "huyen", "xa", "thanh", "nam", "trong", "tren"})
#: phrases that stay whole inside a name although they contain commas (collocations written with a
#: comma: "cán bộ, công chức, viên chức", "khám, chữa bệnh", "đề tài, dự án")
FIXED_PHRASES: tuple[tuple[str, ...], ...] = (
    ("can", "bo", "cong", "chuc", "vien", "chuc"), ("can", "bo", "cong", "chuc"), ("so", "ban", "nganh"),
    ("xa", "phuong", "thi", "tran"), ("huyen", "thi", "xa", "thanh", "pho"), ("kham", "chua", "benh"),
    ("de", "tai", "du", "an"), ("phan", "tich", "xu", "ly"),
)

#: folded labels of the ontology that are too generic to be a mention or a head on their own
GENERIC_FORMS: frozenset[str] = frozenset({
    "he thong", "nen tang", "ung dung", "cong", "system", "application", "mang", "ha tang",
    "ha tang cntt", "infrastructure", "kho du lieu", "web portal",
    "so lieu", "chi so", "portal", "he thong ung dung", "ung dung dung chung",
    "he thong ben ngoai", "nen tang tich hop", "ha tang ky thuat", "ha tang mang", "ngan hang", "bank",
    "truc tich hop", "truc lien thong", "dich vu xac thuc", "external system",
})

#: words that end the name following a head noun (a preposition, verb or conjunction starts the
#: rest of the clause, not the name)
NAME_STOPS: frozenset[str] = frozenset({
    "của", "cho", "tại", "trên", "để", "được", "đã", "đang", "sẽ", "với", "từ", "theo", "như",
    "nhằm", "trong", "thuộc", "là", "gồm", "và", "hoặc", "đến", "vào", "qua",
    "không", "chưa", "cần", "những", "một", "này", "khi", "sau", "trước",
    "giữa", "ở", "còn", "cũng", "có", "nhiều", "ngày", "càng", "rất", "đều", "do",
    "thì", "mà", "nên", "vì", "other", "others", "etc", "khác", "company", "corporation", "jsc",
})
#: two-word verbs and phrases that end a name too; their first word alone does not ("phân tích",
#: "cấp đổi", "hiện trường" stay inside a name)
NAME_STOP_PHRASES: frozenset[str] = frozenset({
    "phục vụ", "bao gồm", "đảm bảo", "bảo đảm", "đáp ứng", "tiếp nhận", "tiếp tục", "kết nối", "liên thông",
    "liên kết", "tích hợp", "triển khai", "xây dựng", "thực hiện", "hoàn thành", "hoàn thiện", "tất cả",
    "hiện nay", "hiện đang", "góp phần", "mạnh mẽ", "nhanh chóng", "đồng bộ", "đồng thời", "tạo lập",
    "tạo điều", "tạo nền", "tạo ra", "phát triển", "phát huy", "sử dụng", "đưa vào", "nâng cấp", "nâng cao", "cung cấp",
    "cấp tỉnh", "cấp huyện", "cấp xã", "cấp độ", "cấp quốc", "cấp bộ", "cấp cho", "cấp mới", "cấp trung",
})
#: at most this many words after a head make a name
MAX_NAME_WORDS = 12
#: a head in the plural ("các phần mềm …") introduces a list of names separated by commas and "và"
LIST_JOINERS: frozenset[str] = frozenset({"và", "hoặc", "and", "or"})
#: heads that are also common verbs or nouns ("ứng dụng CNTT" = "applying IT"): they introduce a
#: named system only when the name is written with a capital ("ứng dụng Smart Quảng Nam")
HEADS_NEEDING_PROPER_NAME: frozenset[str] = frozenset({"ung dung", "application", "software", "database",
                                                    "information system"})

#: words right before a mention that make it something other than a system: a technology ("công
#: nghệ mới (điện toán đám mây)") or a verb ("được xác thực điện tử", "được ký số")
NOT_A_SYSTEM_AFTER: frozenset[str] = frozenset({"công nghệ", "được", "technology"})
#: phrases that deny a system exists ("chưa có cơ sở dữ liệu dùng chung", "thiếu …"); a system the
#: report mostly denies is not proposed, and a link cue after one states no link ("chưa kết nối")
NEGATIONS: frozenset[str] = frozenset({
    "chưa có", "chưa xây dựng được", "chưa xây dựng", "không có", "thiếu", "chưa", "không", "chưa được",
    "no", "not", "lack", "lacks", "without",
})
#: at most this many words after a negation it covers (within the clause)
NEGATION_SCOPE = 12
#: words that start an agency's or a place's name ("của Sở KH và CN", "UBND huyện"): after "của" or
#: "thuộc" they name a system's owner, and a list item starting with them names no system
ORGANISATION_WORDS: frozenset[str] = frozenset({
    "sở", "ban", "bộ", "cục", "tổng cục", "ubnd", "ủy ban", "uỷ ban", "văn phòng", "công an", "tỉnh ủy",
    "tỉnh uỷ", "huyện", "xã", "phường", "thị trấn", "thành phố", "tỉnh", "thị xã", "quận", "đài", "báo",
    "ngân hàng", "tổng công ty", "công ty", "viện", "bệnh viện", "bộ phận", "hđnd", "tp", "đơn vị", "cơ quan",
    "department", "ministry", "committee", "office",
})
#: words that mark a system's level below the province ("… giữa cấp huyện đến cấp xã", "của các xã")
LOWER_LEVEL_WORDS: frozenset[str] = frozenset({"xa", "huyen", "phuong", "district", "commune"})
#: a broad kind that the owner words after it make more specific: (kind, folded first words of the owner)
OWNER_KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "EPortal": ("ComponentPortal", frozenset({"so", "ban", "nganh", "huyen", "ubnd", "uy", "department", "district"})),
    "Portal": ("ComponentPortal", frozenset({"so", "ban", "nganh", "huyen", "ubnd", "uy", "department", "district"})),
    "ProvincialPortal": ("ComponentPortal", frozenset({"so", "ban", "nganh", "huyen", "ubnd", "uy", "department", "district"})),
}
#: words that start the name of a system's owner after "của"/"thuộc" (an agency, not "cơ quan nhà
#: nước" or "đơn vị" in general)
OWNER_WORDS: frozenset[str] = frozenset({
    "sở", "ban", "bộ", "cục", "tổng cục", "ubnd", "ủy ban", "uỷ ban", "văn phòng", "công an", "tỉnh ủy",
    "tỉnh uỷ", "huyện", "xã", "phường", "thị trấn", "thành phố", "thị xã", "quận", "department", "ministry",
})
#: at most this many words between a system noun and a quoted name ("ứng dụng … “Quảng Nam trực tuyến”")
QUOTED_NAME_WINDOW = 8
#: words that link a mention to its owner ("Trung tâm dữ liệu thuộc Sở KH và CN")
OWNER_LINKS: frozenset[str] = frozenset({"thuộc", "của", "of"})

# -- lists ------------------------------------------------------------------------------------------

#: words that open a list (its items follow them, and a colon that may come after them)
LIST_INTRODUCERS: frozenset[str] = frozenset({"gồm", "bao gồm", "như", "cụ thể", "cụ thể là", "such as",
                                              "including", "namely"})
#: a list word with the word after it that make a linking phrase, not a list ("Như vậy, …" = "thus")
NOT_INTRODUCERS: frozenset[str] = frozenset({"như vậy", "như thế", "như sau", "như trên", "như nhau"})
#: introducers after which the items are examples of the thing before them ("các hệ thống phòng
#: chống tấn công mạng như IPS/IDS, Firewall")
EXAMPLE_INTRODUCERS: frozenset[str] = frozenset({"như", "such as"})
#: words before a head that make it plural: it then describes the items of its list
PLURAL_MARKERS: frozenset[str] = frozenset({"các", "những", "một số", "nhiều", "tất cả", "all"})
#: at most this many words between a list's head and its introducer
LIST_HEAD_WINDOW = 18
#: … and at most this many between the thing examples are given of and "như"
EXAMPLE_HEAD_WINDOW = 3
#: at most this many words between a recognised name and the bracketed code of its noun phrase
BRACKET_NAME_WORDS = 8
#: a list item longer than this is a clause, not a name
MAX_ITEM_WORDS = 8
#: words that make the words around a mention a clause rather than a name
CLAUSE_WORDS: frozenset[str] = frozenset({"đã", "đang", "sẽ", "được", "bị", "là", "không", "chưa", "cần", "phải",
                                          "is", "are", "was", "were", "has", "have"})

#: a national database named without one of these words is the province's own copy or a sectoral
#: database ("cơ sở dữ liệu đất đai của Sở TN&MT"), not the national one
NATIONAL_MARKERS: tuple[tuple[str, ...], ...] = (("quoc", "gia"), ("trung", "uong"), ("toan", "quoc"), ("chinh", "phu"))

#: forms that stand for something a system provides; as a link end they stand for the system
#: (online services are provided through the province's public-service portal)
SERVICE_PROXIES: dict[str, str] = {"OnlineService": "ProvincialPublicServicePortal"}

# -- links ------------------------------------------------------------------------------------------

#: cue phrases and the family of link they state
LINK_CUES: dict[str, str] = {
    "kết nối": "connect", "liên thông": "connect", "connect": "connect", "connected": "connect",
    "connects": "connect", "linked": "connect", "lên": "connect", "connecting": "connect", "link": "connect",
    "links": "connect", "linking": "connect", "interconnected": "connect", "interconnection": "connect",
    "hosted on": "host", "hosted at": "host", "housed in": "host", "runs on": "host", "running on": "host",
    "integrating": "integrate", "connection of": "connect",
    "connection with": "connect", "connection between": "connect", "integration with": "integrate",
    "integration of": "integrate", "synchronized": "sync", "synchronizing": "sync", "synchronising": "sync",
    "tích hợp": "integrate", "integrate": "integrate", "integrated": "integrate", "integrates": "integrate",
    "thông qua": "via", "qua": "via", "via": "via", "through": "via",
    "chia sẻ": "share", "trao đổi": "share", "share": "share", "shares": "share",
    "đồng bộ dữ liệu": "sync", "đồng bộ với": "sync", "synchronise": "sync", "synchronize": "sync", "synchronised": "sync",
    "trên hạ tầng": "host", "trên nền tảng": "host", "lưu trữ": "host", "cài đặt": "host",
    "đặt tại": "host", "hosted": "host", "vận hành trên": "host", "hoạt động trên": "host",
    "trên cả": "host", "phục vụ hoạt động": "host", "trên cơ sở hạ tầng": "host", "hỗ trợ vận hành": "host",
    "giám sát": "monitor", "bảo vệ": "monitor", "đối với": "monitor", "monitor": "monitor", "monitors": "monitor",
    "ký số": "sign", "chữ ký số": "sign",
    "thanh toán": "pay", "payment": "pay",
    "cập nhật vào": "feed", "bổ sung vào": "feed", "cung cấp dữ liệu": "feed", "kết nối dữ liệu từ": "feed",
    "khai thác": "query", "tra cứu": "query",
    # "X gồm A, B": A and B are parts of X; "A trong B" (right between two systems): A is part of B
    "gồm": "whole", "bao gồm": "whole", "trên cơ sở tích hợp": "whole", "dịch vụ dùng chung như": "whole",
    "consists of": "whole", "comprises": "whole", "trong": "part",
    # "tra cứu bằng/qua/trên A, B": A and B show what the subject holds
    "tra cứu bằng": "channel", "tra cứu qua": "channel", "tra cứu trên": "channel", "tra cứu tại": "channel",
}
#: cue families whose word order, not the kinds of the ends, gives the direction
ORDERED_FAMILIES: frozenset[str] = frozenset({"whole", "part", "feed"})
#: cue families that state a link only between two mentions right next to them ("Chatbot trong Cổng …")
ADJACENT_FAMILIES: frozenset[str] = frozenset({"part"})
#: verbs that, after a fronted "trên cơ sở hạ tầng của X," introduce the systems X hosts
DEPLOY_VERBS: frozenset[str] = frozenset({"triển khai", "xây dựng", "cài đặt", "vận hành", "đưa vào", "deployed", "runs"})

#: (cue family, subject kind, object kind) → relation. Kinds are ontology classes and match their
#: subclasses; None matches any kind. The first matching row wins; a row also matches with the two
#: ends swapped (the relation then points the other way), so the report's word order does not
#: decide the direction, the kinds do (domain.md §2) — except for the families in ORDERED_FAMILIES
#: ("A gồm B", "A trong B", "từ A … cập nhật vào B"), whose ends keep the report's order.
RELATION_RULES: tuple[tuple[str | None, str | None, str | None, str], ...] = (
    (None, "InformationSystem", "DigitalSignatureCA", "signsWith"),
    (None, "InformationSystem", "PaymentPlatform", "paysVia"),
    # a relation written "^r": the second end (as the report writes them) has r to the first
    ("whole", "InformationSystem", "InformationSystem", "^componentOf"),
    ("part", "InformationSystem", "InformationSystem", "componentOf"),
    ("feed", "Database", "InformationSystem", "^queriesDataFrom"),
    ("channel", "InformationSystem", "InformationSystem", "integratesWith"),
    ("connect", "InformationSystem", "ExternalSystem", "connectsTo"),
    ("connect", "OneStopShopSystem", "ApplicationSystem", "integratesWith"),
    ("connect", "TTHCSystem", "ApplicationSystem", "integratesWith"),
    ("monitor", "InformationSystem", "SecurityOperationsCentre", "monitoredBy"),
    ("host", "InformationSystem", "DataCentre", "hostedIn"),
    ("host", "InformationSystem", "CloudPlatform", "hostedIn"),
    ("host", "InformationSystem", "IOC", "hostedIn"),
    ("connect", "DocumentManagementSystem", "DocumentExchangeAxis", "sendsDocumentsVia"),
    ("via", "DocumentManagementSystem", "DocumentExchangeAxis", "sendsDocumentsVia"),
    ("connect", "IntegrationPlatform", "NationalIntegrationPlatform", "connectsTo"),
    ("connect", "IntegrationPlatform", "NationalDocumentAxis", "connectsTo"),
    ("via", "IntegrationPlatform", "NationalIntegrationPlatform", "connectsTo"),
    ("share", "IntegrationPlatform", "NationalIntegrationPlatform", "connectsTo"),
    ("via", "InformationSystem", "IntegrationPlatform", "exchangesDataVia"),
    ("connect", "InformationSystem", "IntegrationPlatform", "exchangesDataVia"),
    ("share", "InformationSystem", "IntegrationPlatform", "exchangesDataVia"),
    ("connect", "InformationSystem", "NationalPublicServicePortal", "integratesWith"),
    ("integrate", "InformationSystem", "NationalPublicServicePortal", "integratesWith"),
    ("connect", "Network", "Network", "connectsTo"),
    ("host", "InformationSystem", "Network", "usesNetwork"),
    ("via", "InformationSystem", "Network", "usesNetwork"),
    ("feed", "InformationSystem", "InformationSystem", "feedsDataTo"),
    ("query", "InformationSystem", "NationalDatabase", "queriesDataFrom"),
    ("connect", "InformationSystem", "NationalDatabase", "queriesDataFrom"),
    ("sync", "InformationSystem", "InformationSystem", "synchronizesWith"),
    ("integrate", "InformationSystem", "InformationSystem", "integratesWith"),
    ("connect", "PublicServicePortal", "EPortal", "integratesWith"),
    ("connect", "EPortal", "EPortal", "integratesWith"),
    ("connect", "InformationSystem", "InformationSystem", "connectsTo"),
    ("via", "InformationSystem", "ExternalSystem", "connectsTo"),
)
#: words right after a mention that make it the subject of a clause of its own ("C, which …")
SUBJECT_FOLLOWERS: frozenset[str] = frozenset({"which", "that", "who", "is", "are", "was", "were", "has", "have"})
#: words that pair two systems named after one cue: "tích hợp chữ ký số vào phần mềm X"
PAIR_WORDS: frozenset[str] = frozenset({"vào", "với", "lên", "cho", "into", "with", "to"})
#: folded words between a pairing word and the system it pairs with ("connecting A to the B")
DETERMINERS: frozenset[str] = frozenset({"the", "a", "an", "its", "their", "cac", "nhung"})
#: head nouns that, bare (no name after them), refer to the system the text was about ("Hệ thống đã
#: triển khai …", "… thông qua phần mềm …")
ANAPHORS: frozenset[str] = frozenset({"hệ thống", "phần mềm", "nền tảng", "the system", "the platform"})
#: a paragraph of at most this many words, with no full stop, is a heading
HEADING_WORDS = 14
#: at most this many words between the two systems a pairing word joins ("A của Bộ Công an vào B")
PAIR_SPAN = 6
#: the farthest two ends of a link may be apart, in words
MAX_LINK_SPAN = 40

# -- figures ----------------------------------------------------------------------------------------

#: words before a number that make it approximate (longest first wins)
APPROX_WORDS: dict[str, str] = {
    "hơn": "more-than", "trên": "more-than", "chỉ có hơn": "more-than", "more than": "more-than",
    "over": "more-than", "gần": "nearly", "nearly": "nearly", "almost": "nearly",
    "khoảng": "about", "ước": "about", "about": "about", "around": "about", "approximately": "about",
    "tối thiểu": "at-least", "ít nhất": "at-least", "at least": "at-least",
    "dưới": "less-than", "less than": "less-than", "tối đa": "at-most",
}
#: words right before a number that make it an identifier, a date part or a level, not a figure
NOT_A_FIGURE_BEFORE: frozenset[str] = frozenset({
    "số", "ngày", "tháng", "năm", "quý", "giai đoạn", "đề án", "điều", "khoản", "chương", "mức",
    "mức độ", "cấp độ", "phiên bản", "lần thứ", "nghị quyết", "nghị định", "quyết định", "kế hoạch",
    "chỉ thị", "thông tư", "công văn", "luật", "version", "level", "điện thoại", "tel", "ipv",
    "từ năm", "đến năm", "giấy phép số", "tier", "chuẩn", "no", "number", "article", "decree",
    "decision", "circular", "phase", "dịch vụ công", "tổng đài", "hotline", "gấp",
    # a date ("On May 22, …")
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
})
#: words before a small number (up to REFERENCE_MAX) that refer back to units named before ("the two
#: provinces", "all three localities", "merging 3 provinces"): no new figure; "all 135 communes" is one
REFERENCE_WORDS: frozenset[str] = frozenset({"the", "all", "merging", "of the", "both"})
REFERENCE_MAX = 10
#: words right after a number that make it a date part, a tier or a level, not a figure
NOT_A_FIGURE_AFTER: frozenset[str] = frozenset({
    "cấp", "năm", "tháng", "lớp mạng", "giờ", "phút", "tầng", "lĩnh vực", "trụ cột", "years", "months",
    "lần so", "times higher", "times more", "times compared", "lớp chức năng", "layers",
})
#: words before a number that make it a rank
RANK_WORDS: frozenset[str] = frozenset({"top", "thứ", "xếp thứ", "hạng", "xếp hạng", "đứng thứ", "rank", "ranked",
                                       "ranks", "ranking"})
#: "X trên tổng số Y": Y is the denominator of X, not a figure of its own
OUT_OF_WORDS: frozenset[str] = frozenset({"trên tổng số", "trên tổng", "out of", "trong tổng số", "out of the"})
#: words that scale the number before them
MULTIPLIERS: dict[str, int] = {
    "nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000,
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}
#: two scale words that multiply ("1,5 nghìn tỷ" is 1.5 × 10¹²)
#: words that begin like a scale word but are not one ("tỷ lệ": a rate, not "billion")
NOT_MULTIPLIERS: frozenset[str] = frozenset({"tỷ lệ", "tỉ lệ", "tỷ trọng", "tỉ trọng"})
#: levels of online services as reports write them after the unit ("mức độ 3", "toàn trình")
LEVEL_NAMES: dict[str, str] = {"toàn trình": "full", "một phần": "partial", "full": "full", "partial": "partial"}
#: units written glued to the number ("20Mbps")
GLUED_UNITS: frozenset[str] = frozenset({"mbps", "gbps", "kbps", "gb", "tb", "mb"})
#: how many words after a number its unit may sit
UNIT_WINDOW = 6
#: how many words before a number a "label: value" may sit ("số lượng user là 27.500")
LABEL_WINDOW = 8
LABEL_LINKS: frozenset[str] = frozenset({"là", "đạt", "gồm", "có", "is", "are", "was", "reached"})


def _fold(text: str) -> str:
    return " ".join(fold(text).split())


_KEYED: dict[tuple[int, bool], object] = {}


def keyed(table, accented: bool):
    """``table`` (a set or dict of phrases) keyed the way a report's words are compared: as written
    when the report has diacritics, folded when it has none."""
    key = (id(table), accented)
    if key not in _KEYED:
        if accented:
            _KEYED[key] = table
        elif isinstance(table, dict):
            _KEYED[key] = {_fold(k): v for k, v in table.items()}
        else:
            _KEYED[key] = frozenset(_fold(k) for k in table)
    return _KEYED[key]


# -- system mentions by head noun and modifiers (English word order: modifiers before the head) ----

#: head nouns of an English system mention ("the document management system", "task management
#: systems", "data integration centres"); folded, singular and plural
EN_HEADS: frozenset[str] = frozenset({
    "system", "systems", "software", "platform", "platforms", "portal", "portals", "centre", "centres",
    "center", "centers", "database", "databases", "network", "networks", "app", "apps", "application",
    "applications", "lines", "line", "infrastructure", "signatures", "certificates", "websites", "website", "conference", "conferences",
    "conferencing", "meeting", "meetings", "emails", "mails",
})
#: words that end a noun phrase to the left of its head (determiners, verbs, prepositions …)
EN_NP_STOPS: frozenset[str] = frozenset({
    "the", "a", "an", "of", "in", "on", "for", "to", "by", "with", "from", "at", "as", "into", "via", "through",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "its", "their", "this", "these", "that",
    "those", "which", "who", "all", "both", "each", "every", "such", "other", "many", "some", "most", "several",
    "use", "uses", "used", "using", "deploy", "deployed", "deploying", "built", "build", "building", "upgrade",
    "upgraded", "operate", "operates", "operated", "launched", "launch", "connected", "connect",
    "integrated", "integrate", "including", "includes", "include", "like", "also", "will", "would", "can", "not",
    "new", "our", "his", "her", "province", "provinces", "we", "it", "they", "than", "then", "when",
    "while", "where", "about", "over", "under", "between", "across", "per", "first", "second", "third", "two",
    "three", "four", "five", "put", "up", "out", "more", "only", "s", "boost", "improve", "develop",
    "developed", "create", "created", "establish", "established", "complete", "completed", "update", "updated",
    "support", "supported", "serve", "manage", "managed", "apply", "applied", "run", "runs", "maintain",
    "maintains", "maintained", "effectively",
})
#: words a modifier may be without saying which system it is ("digital", "information"): a phrase of
#: only these and a head names no system ("the information system", "digital platforms")
EN_GENERIC_MODIFIERS: frozenset[str] = frozenset(["digital", "information", "electronic", "e", "online", "shared", "common", "software", "data", "technology", "it", "ict", "provincial", "general", "main", "key", "core", "internal", "official", "modern", "smart", "important", "essential", "local", "government", "public", "state", "administrative", "management", "integrated", "unified", "centralized", "centralised", "concentrated", "specialized", "specialised", "and", "or", "national", "level", "technical", "existing", "current", "basic", "professional", "application", "applications", "systems", "system", "platform", "platforms", "services", "service", "web"])
#: modifiers that do not say which domain a database or an application serves ("the remaining
#: databases", "operational management software")
EN_VAGUE_MODIFIERS: frozenset[str] = frozenset({
    "remaining", "adequate", "sharing", "users", "ministerial", "branch", "branches", "sectoral", "relevant",
    "related", "other", "others", "operational", "operation", "operations", "operating", "executive", "letter",
    "these", "those", "new", "big", "large", "various", "separate", "specialized", "specialised", "many",
})
#: (pattern over the folded phrase, its head and what follows "for"/"of" after it; kind): the first
#: pattern that matches types the mention
EN_HEAD_KINDS: tuple[tuple[str, str], ...] = (
    (r"\b(?:paperless meeting|e ?cabinet|meeting management)", "ECabinet"),
    (r"\b(?:one stop|one door|single window)", "OneStopShopSystem"),
    (r"\b(?:public|administrative) (?:administrative |administration )?services? (?:portal|system)|\bonline (?:public )?services? portal", "ProvincialPublicServicePortal"),
    (r"\b(?:administrative procedures?|ap) (?:settlement |handling |processing )?(?:information )?(?:system|software)|\b(?:system|software) for (?:handling |settling |processing |resolving |the settlement of )?(?:the )?administrative procedures?", "ProvincialTTHCSystem"),
    (r"\bprovincial (?:e )?(?:information |web |electronic )?portal", "ProvincialPortal"),
    (r"\b(?:information|web|e|electronic) portals?\b|\bwebsites?\b|\bportals? of (?:the )?(?:\w+ )?(?:agencies|departments|units|localities|districts)", "EPortal"),
    (r"\b(?:e )?documents? (?:and (?:\w+ )*)?(?:management|exchange|administration|handling|processing)|\bdocument management|\bmanagement and operations? (?:software|system)|\belectronic office\b", "DocumentManagementSystem"),
    (r"\b(?:video|tele|e|online|web|virtual) ?conferenc\w*|\bteleconferenc|\bonline meetings?\b|\bmultipoint control|\bonline television|\btelevision conferenc", "VideoConferenceSystem"),
    (r"\b(?:e mails?|emails?|mails?)\b", "OfficialEmail"),
    (r"\btasks? (?:management|monitoring|tracking|assignment)", "TaskManagementSystem"),
    (r"\b(?:feedback|complaints?|denunciations?|petitions?|hotline)\b", "CitizenFeedbackSystem"),
    (r"\bprovincial report(?:ing)? ", "ProvincialReportingSystem"),
    (r"\breport(?:ing)? (?:information )?(?:system|software|platform)", "ReportingSystem"),
    (r"\bministr\w* .*\b(?:integration|sharing) ", "MinistryLGSP"),
    (r"\bnational .*\b(?:integration|sharing|exchange) (?:data )?platform", "NationalIntegrationPlatform"),
    (r"\b(?:integration|sharing|interconnection|connection|exchange) (?:and (?:data )?(?:sharing|integration) )?(?:data )?platform|\blgsp\b", "LGSP"),
    (r"\bnational data cent", "NationalDataCenter"),
    (r"\bdata (?:integration |connection )?cent(?:re|er)", "ProvincialDataCenter"),
    (r"\b(?:cyber ?)?security (?:operations?|operating|monitoring) cent|\bsoc\b", "SOC"),
    (r"\b(?:cyber ?)?security monitoring|\bmalware\b|\bantivirus\b", "SecurityOperationsCentre"),
    (r"\b(?:smart|intelligent)\b.*\b(?:operations?|operating|operation|monitoring|control|command)\b.*\bcent|\bioc\b", "IOC"),
    (r"\b(?:operations?|operating|command|control|monitoring) cent(?:re|er)", "OperationsCentre"),
    (r"\blevel (?:ii|2)\b.*\b(?:specialised|specialized|dedicated|data transmission)", "SpecialisedDataNetworkL2"),
    (r"\b(?:specialised|specialized|dedicated|exclusive\w*)\b.*\b(?:network|lines?)\b|\bdata transmission (?:network|lines?)", "SpecialisedDataNetwork"),
    (r"\bwide area network|\bwan\b", "ProvincialWAN"),
    (r"\blocal area network|\blans?\b", "LocalAreaNetwork"),
    (r"\bmetropolitan area network|\b(?:fibre|fiber|optical|broadband) (?:cable )?network", "Network"),
    (r"\bgeographic(?:al)? information|\bgis\b", "GeographicInformationSystem"),
    (r"\b(?:e learning|online training|distance learning)\b", "ELearningSystem"),
    (r"\barchiv\w*", "EArchiveSystem"),
    (r"\bpayments?\b", "PaymentPlatform"),
    (r"\bcloud\b", "CloudPlatform"),
    (r"\bopen data\b", "OpenDataPortal"),
    (r"\bhealth records?\b", "HealthRecordSystem"),
    (r"\btreasury\b", "TreasurySystem"),
    (r"\b(?:shared|sharing|common) (?:data ?bases?|databases?)|\bdata warehouse", "ProvincialSharedDB"),
    (r"\b(?:specialized|specialised|dedicated|public service) digital (?:signatures?|certificates?)\b", "DigitalSignatureCA"),
    (r"\b(?:coordination|orchestration) platforms?", "DataOrchestrationPlatform"),
    (r"\bnational (?:\w+ )*databases? (?:on|of|for) \w+|\bnational (?:\w+ )*(?!databases?\b)\w+ databases?\b", "NationalDatabase"),
    (r"\b(?:mobile|smartphone|citizen)\b.*\bapps?\b", "CitizenApp"),
)
#: a phrase with "national" before its head names the national counterpart of the kind it says
EN_NATIONAL_KINDS: dict[str, str] = {
    "SOC": "NationalSecurityOperationsCentre", "SecurityOperationsCentre": "NationalSecurityOperationsCentre",
    "ProvincialDataCenter": "NationalDataCenter", "LGSP": "NationalIntegrationPlatform",
    "ProvincialPublicServicePortal": "NationalPublicServicePortal", "ReportingSystem": "NationalReportingSystem",
    "ProvincialReportingSystem": "NationalReportingSystem", "SectoralDB": "NationalDatabase",
    "ProvincialTTHCSystem": "NationalPublicServicePortal",
}
#: kinds of which a report names many distinct systems: each phrase is a system of its own
EN_MANY_PER_KIND: frozenset[str] = frozenset({
    "SectoralDB", "ApplicationSystem", "EPortal", "Database", "Network", "NationalDatabase", "SectoralApplication",
})
#: generic English labels that alone name no system; with a brand name before them they do ("Zalo app")
EN_BARE_LABELS: frozenset[str] = frozenset({
    "app", "network", "website", "portal", "technical infrastructure", "national database", "digital signature",
    "application system", "information system", "reporting system",
})


# -- figures: English number words, ordinals, unit nouns ---------------------------------------------

#: cardinal number words that state a count when a unit noun follows ("seven shared systems"); "one"
#: is left out ("one of the", "one-stop")
NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
#: ordinal words: a rank when a rank word is next to them ("ranked first", "came in second place")
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
#: words next to an ordinal ("10th", "first") that make it a rank
ORDINAL_RANK_CUES: frozenset[str] = frozenset({
    "rank", "ranked", "ranking", "rankings", "place", "position", "top", "placed", "xếp", "hạng",
    "province", "unit", "locality", "among",
})
#: suffixes of a numeral written as an ordinal ("10th")
ORDINAL_SUFFIXES: frozenset[str] = frozenset({"st", "nd", "rd", "th"})
#: how many words may sit between a number word and its unit noun ("seven shared data systems")
WORD_UNIT_WINDOW = 3
#: unit nouns reports use beside the measures' own labels (phrase → measure slug)
UNIT_NOUNS: dict[str, str] = {
    "ministries": "agencies", "localities": "agencies", "committees": "agencies", "provinces": "agencies",
    "wards": "agencies", "organisations": "agencies", "organizations": "agencies", "bridgeheads": "endpoints",
    "connection points": "endpoints", "points of connection": "endpoints", "modules": "subsystems",
    "services": "online-services", "public services": "online-services", "points": "index-score",
    "điểm": "index-score", "people": "users", "incoming documents": "documents-received",
    "outgoing documents": "documents-sent", "stations": "bts-stations", "km": "network-lines",
    "kilometres": "network-lines", "kilometers": "network-lines", "apis": "shared-services",
    "api": "shared-services", "records": "records", "hạng mục": "subsystems", "items": "subsystems",
    "applications": "systems-deployed", "systems": "systems-deployed", "platforms": "systems-deployed",
    "databases": "databases", "cameras": "cameras", "servers": "servers", "accounts": "accounts",
    "terabytes": "records", "tb": "records", "cases": "feedback-received", "centres": "systems-deployed",
    "centers": "systems-deployed", "functions": "subsystems", "bridge points": "endpoints", "digital signatures": "digital-certificates",
    "signatures": "digital-certificates", "attacks": "security-incidents", "students": "learners",
    "plots": "records", "terminals": "endpoints", "units": "agencies", "positions": "ranking",
    "followers": "users", "subscribers": "users", "cảnh báo": "security-incidents",
    "aps": "administrative-procedures", "classes": "training-classes",
    "alerts": "security-incidents", "warnings": "security-incidents", "hồ sơ": "dossiers-received",
    "tài khoản": "accounts", "máy chủ": "servers", "trạm": "bts-stations", "km cáp quang": "network-lines",
    "lớp dữ liệu": "databases", "data layers": "databases", "workstations": "computers", "devices": "computers",
    "thiết bị": "computers",
}
#: words that count people without saying which ("612 người"): the measure comes from a label
#: before the number, or from the total the number is part of, else it is a count of users
PERSON_UNITS: frozenset[str] = frozenset({"người", "people", "persons", "cadres", "officials", "civil servants"})
PERSON_UNITS_MEASURE = "users"
#: the same for a Vietnamese name, folded ("phần mềm quản lý văn bản", an item "một cửa điện tử" of a
#: list of systems): a name the lexicon does not know, typed by the words in it (a name with "báo
#: cáo" or "phản ánh" in it is often an app of a sector or for citizens, so those stay untyped)
VI_NAME_KINDS: tuple[tuple[str, str], ...] = (
    (r"\bhop khong giay", "ECabinet"),
    (r"\bmot cua\b", "OneStopShopSystem"),
    (r"\bquan ly van ban\b|\bvan ban dieu hanh\b|\bvan phong dien tu\b", "DocumentManagementSystem"),
    (r"\bthu dien tu\b|\bthu cong vu\b|\bemail\b", "OfficialEmail"),
    (r"\bhoi nghi truyen hinh\b|\bhop truc tuyen\b|\bhoi nghi truc tuyen\b", "VideoConferenceSystem"),
    (r"\b(?:giam sat|theo doi|quan ly) nhiem vu\b|\bgiao viec\b", "TaskManagementSystem"),
    (r"\bdich vu cong truc tuyen\b", "ProvincialPublicServicePortal"),
    (r"\bgiai quyet thu tuc hanh chinh\b", "ProvincialTTHCSystem"),
    (r"^(?:cac )?mang\b", "Network"),
    (r"\bung dung (?:cong dan|nguoi dan|di dong)\b", "CitizenApp"),
)
