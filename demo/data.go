package demo

// This file is the hand-chosen part of the demo: a few regions, cities and
// non-geographic ranges for the countries where browsing should feel real.
// Area codes and ranges follow each country's public numbering plan; every
// generated number is still checked against phonenumbers, so a wrong entry
// here fails the tests instead of producing bogus stock.

// Group type names, exactly as the DIDWW API spells them.
const (
	typeLocal      = "Local"
	typeNational   = "National"
	typeTollFree   = "Toll-free"
	typeMobile     = "Mobile"
	typeSharedCost = "Shared Cost"
	typeGlobal     = "Global"
)

// groupTypes is the fixed list of DID group types, in API order.
var groupTypes = []string{typeLocal, typeNational, typeTollFree, typeMobile, typeSharedCost, typeGlobal}

// countryData describes one featured country.
type countryData struct {
	iso      string
	localLen int // digits of a geographic national significant number
	// needsRegistration marks countries whose regulator wants an end-user
	// address before numbers are activated.
	needsRegistration bool
	regions           []regionData
	cities            []cityData
	nonGeo            []nonGeoData
}

type regionData struct{ name, iso string }

// cityData is a city with its area code. NANPA cities get one Local group per
// NXX; other cities get a single Local group.
type cityData struct {
	name, region, prefix string
	blocks               []string // leading subscriber digits in use; empty: any
	nxx                  []string // NANPA only
	length               int      // overrides countryData.localLen when set
	noSelection          bool     // available_dids_enabled false
}

// nonGeoData is a country-wide range: mobile, toll-free, national or shared cost.
type nonGeoData struct {
	kind, prefix string
	length       int
	blocks       []string
}

func city(name, region, prefix string, blocks ...string) cityData {
	return cityData{name: name, region: region, prefix: prefix, blocks: blocks}
}

func nanpa(name, region, npa string, nxx ...string) cityData {
	return cityData{name: name, region: region, prefix: npa, nxx: nxx}
}

func ng(kind, prefix string, length int, blocks ...string) nonGeoData {
	return nonGeoData{kind: kind, prefix: prefix, length: length, blocks: blocks}
}

// withLen and unselectable tweak a city in place, keeping the tables one line
// per city.
func (c cityData) withLen(n int) cityData { c.length = n; return c }
func (c cityData) unselectable() cityData { c.noSelection = true; return c }

var featured = []countryData{
	{iso: "US", localLen: 10,
		regions: []regionData{
			{"New York", "US-NY"}, {"California", "US-CA"}, {"Texas", "US-TX"},
			{"Illinois", "US-IL"}, {"Florida", "US-FL"}, {"Washington", "US-WA"},
			{"Massachusetts", "US-MA"}, {"Georgia", "US-GA"}, {"Colorado", "US-CO"},
			{"Arizona", "US-AZ"}, {"Pennsylvania", "US-PA"},
		},
		cities: []cityData{
			nanpa("New York", "New York", "212", "461", "324", "380", "729"),
			nanpa("Buffalo", "New York", "716", "235", "248"),
			nanpa("Los Angeles", "California", "213", "461", "340", "402"),
			nanpa("San Francisco", "California", "415", "322", "504"),
			nanpa("San Diego", "California", "619", "330", "535"),
			nanpa("San Jose", "California", "408", "351"),
			nanpa("Houston", "Texas", "713", "352", "489"),
			nanpa("Dallas", "Texas", "214", "238", "453"),
			nanpa("Austin", "Texas", "512", "271", "580"),
			nanpa("Chicago", "Illinois", "312", "248", "465"),
			nanpa("Miami", "Florida", "305", "400", "521"),
			nanpa("Orlando", "Florida", "407", "305"),
			nanpa("Seattle", "Washington", "206", "312", "455"),
			nanpa("Boston", "Massachusetts", "617", "390", "433"),
			nanpa("Atlanta", "Georgia", "404", "383", "474"),
			nanpa("Denver", "Colorado", "303", "317", "586"),
			nanpa("Phoenix", "Arizona", "602", "357", "428"),
			nanpa("Philadelphia", "Pennsylvania", "215", "346", "583").unselectable(),
		},
		nonGeo: []nonGeoData{
			ng(typeTollFree, "800", 10), ng(typeTollFree, "888", 10),
			ng(typeTollFree, "877", 10), ng(typeTollFree, "866", 10),
		},
	},
	{iso: "CA", localLen: 10,
		regions: []regionData{
			{"Ontario", "CA-ON"}, {"Quebec", "CA-QC"}, {"British Columbia", "CA-BC"}, {"Alberta", "CA-AB"},
		},
		cities: []cityData{
			nanpa("Toronto", "Ontario", "416", "362", "477"),
			nanpa("Ottawa", "Ontario", "613", "321", "566"),
			nanpa("Montreal", "Quebec", "514", "370", "499"),
			nanpa("Vancouver", "British Columbia", "604", "385", "449"),
			nanpa("Calgary", "Alberta", "403", "351", "474"),
			nanpa("Edmonton", "Alberta", "780", "413"),
		},
		nonGeo: []nonGeoData{ng(typeTollFree, "844", 10), ng(typeTollFree, "855", 10)},
	},
	{iso: "GB", localLen: 10,
		regions: []regionData{
			{"England", "GB-ENG"}, {"Scotland", "GB-SCT"}, {"Wales", "GB-WLS"}, {"Northern Ireland", "GB-NIR"},
		},
		cities: []cityData{
			city("London", "England", "20", "3", "7", "8"),
			city("Manchester", "England", "161"),
			city("Birmingham", "England", "121"),
			city("Leeds", "England", "113"),
			city("Liverpool", "England", "151"),
			city("Bristol", "England", "117"),
			city("Edinburgh", "Scotland", "131"),
			city("Glasgow", "Scotland", "141"),
			city("Cardiff", "Wales", "29", "20"),
			city("Belfast", "Northern Ireland", "28", "9").unselectable(),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "7", 10, "40", "47", "50", "59", "73", "84", "96"),
			ng(typeNational, "3", 10, "30", "33", "45"),
			// No Shared Cost: phonenumbers files 084x/087x as premium rate.
			ng(typeTollFree, "800", 10), ng(typeTollFree, "808", 10),
		},
	},
	{iso: "DE", localLen: 10, needsRegistration: true,
		regions: []regionData{
			{"Berlin", "DE-BE"}, {"Bavaria", "DE-BY"}, {"Hamburg", "DE-HH"}, {"Hesse", "DE-HE"},
			{"North Rhine-Westphalia", "DE-NW"}, {"Baden-Württemberg", "DE-BW"},
		},
		cities: []cityData{
			city("Berlin", "Berlin", "30"),
			city("Munich", "Bavaria", "89"),
			city("Nuremberg", "Bavaria", "911"),
			city("Hamburg", "Hamburg", "40"),
			city("Frankfurt am Main", "Hesse", "69"),
			city("Cologne", "North Rhine-Westphalia", "221"),
			city("Düsseldorf", "North Rhine-Westphalia", "211"),
			city("Aachen", "North Rhine-Westphalia", "241").unselectable(),
			city("Stuttgart", "Baden-Württemberg", "711"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "15", 11, "1", "2", "7"), ng(typeMobile, "17", 11, "0", "1", "6"),
			ng(typeNational, "32", 11),
			ng(typeTollFree, "800", 10),
		},
	},
	{iso: "FR", localLen: 9, needsRegistration: true,
		regions: []regionData{
			{"Île-de-France", "FR-IDF"}, {"Auvergne-Rhône-Alpes", "FR-ARA"},
			{"Provence-Alpes-Côte d’Azur", "FR-PAC"}, {"Occitanie", "FR-OCC"},
			{"Nouvelle-Aquitaine", "FR-NAQ"}, {"Hauts-de-France", "FR-HDF"},
		},
		cities: []cityData{
			city("Paris", "Île-de-France", "1", "4", "5", "7"),
			city("Lyon", "Auvergne-Rhône-Alpes", "4", "72", "78"),
			city("Marseille", "Provence-Alpes-Côte d’Azur", "4", "91"),
			city("Nice", "Provence-Alpes-Côte d’Azur", "4", "93"),
			city("Toulouse", "Occitanie", "5", "61", "62"),
			city("Bordeaux", "Nouvelle-Aquitaine", "5", "56", "57"),
			city("Lille", "Hauts-de-France", "3", "20"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "6", 9), ng(typeMobile, "7", 9, "5", "6", "7", "8"),
			ng(typeNational, "9", 9, "7", "8"),
			ng(typeTollFree, "80", 9, "0", "5"),
			ng(typeSharedCost, "81", 9, "0", "1"),
		},
	},
	{iso: "NL", localLen: 9,
		regions: []regionData{
			{"North Holland", "NL-NH"}, {"South Holland", "NL-ZH"}, {"Utrecht", "NL-UT"},
			{"North Brabant", "NL-NB"}, {"Groningen", "NL-GR"},
		},
		cities: []cityData{
			city("Amsterdam", "North Holland", "20"),
			city("Haarlem", "North Holland", "23"),
			city("Rotterdam", "South Holland", "10"),
			city("The Hague", "South Holland", "70"),
			city("Utrecht", "Utrecht", "30"),
			city("Eindhoven", "North Brabant", "40"),
			city("Groningen", "Groningen", "50"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "6", 9, "1", "2", "3", "4", "5"),
			ng(typeNational, "85", 9), ng(typeNational, "88", 9),
			ng(typeTollFree, "800", 7),
		},
	},
	{iso: "ES", localLen: 9, needsRegistration: true,
		regions: []regionData{
			{"Community of Madrid", "ES-MD"}, {"Catalonia", "ES-CT"}, {"Andalusia", "ES-AN"},
			{"Valencian Community", "ES-VC"}, {"Basque Country", "ES-PV"},
		},
		cities: []cityData{
			city("Madrid", "Community of Madrid", "91"),
			city("Barcelona", "Catalonia", "93"),
			city("Seville", "Andalusia", "954"),
			city("Málaga", "Andalusia", "952"),
			city("Valencia", "Valencian Community", "96"),
			city("Bilbao", "Basque Country", "94"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "6", 9), ng(typeNational, "51", 9),
			ng(typeTollFree, "900", 9), ng(typeSharedCost, "901", 9),
		},
	},
	{iso: "IT", localLen: 10, needsRegistration: true,
		regions: []regionData{
			{"Lazio", "IT-62"}, {"Lombardy", "IT-25"}, {"Campania", "IT-72"}, {"Piedmont", "IT-21"},
			{"Tuscany", "IT-52"}, {"Sicily", "IT-82"}, {"Emilia-Romagna", "IT-45"},
		},
		cities: []cityData{
			city("Rome", "Lazio", "06"),
			city("Milan", "Lombardy", "02"),
			city("Naples", "Campania", "081"),
			city("Turin", "Piedmont", "011"),
			city("Florence", "Tuscany", "055"),
			city("Palermo", "Sicily", "091"),
			city("Bologna", "Emilia-Romagna", "051"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "3", 10, "20", "33", "40", "47", "91"),
			ng(typeTollFree, "800", 9),
		},
	},
	{iso: "BE", localLen: 8,
		regions: []regionData{
			{"Brussels-Capital Region", "BE-BRU"}, {"Flanders", "BE-VLG"}, {"Wallonia", "BE-WAL"},
		},
		cities: []cityData{
			city("Brussels", "Brussels-Capital Region", "2"),
			city("Antwerp", "Flanders", "3"),
			city("Ghent", "Flanders", "9"),
			city("Bruges", "Flanders", "50").unselectable(),
			city("Leuven", "Flanders", "16"),
			city("Liège", "Wallonia", "4"),
			city("Charleroi", "Wallonia", "71"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "47", 9), ng(typeMobile, "49", 9),
			ng(typeTollFree, "800", 8),
		},
	},
	{iso: "AU", localLen: 9,
		regions: []regionData{
			{"New South Wales", "AU-NSW"}, {"Victoria", "AU-VIC"}, {"Queensland", "AU-QLD"},
			{"Western Australia", "AU-WA"}, {"South Australia", "AU-SA"}, {"Australian Capital Territory", "AU-ACT"},
		},
		cities: []cityData{
			city("Sydney", "New South Wales", "2", "8", "9"),
			city("Melbourne", "Victoria", "3", "8", "9"),
			city("Brisbane", "Queensland", "7", "30", "31", "32", "33", "34"),
			city("Perth", "Western Australia", "8", "6", "9"),
			city("Adelaide", "South Australia", "8", "7", "82", "83"),
			city("Canberra", "Australian Capital Territory", "2", "61", "62"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "4", 9, "0", "1", "2", "3", "4"),
			ng(typeTollFree, "1800", 10),
			ng(typeSharedCost, "1300", 10),
		},
	},
	{iso: "SE", localLen: 9,
		regions: []regionData{
			{"Stockholm County", "SE-AB"}, {"Västra Götaland County", "SE-O"},
			{"Skåne County", "SE-M"}, {"Uppsala County", "SE-C"},
		},
		cities: []cityData{
			city("Stockholm", "Stockholm County", "8"),
			city("Gothenburg", "Västra Götaland County", "31"),
			city("Malmö", "Skåne County", "40"),
			city("Uppsala", "Uppsala County", "18"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "70", 9), ng(typeMobile, "73", 9),
			ng(typeTollFree, "20", 8),
		},
	},
	{iso: "PL", localLen: 9,
		regions: []regionData{
			{"Masovian Voivodeship", "PL-MZ"}, {"Lesser Poland Voivodeship", "PL-MA"},
			{"Lower Silesian Voivodeship", "PL-DS"}, {"Greater Poland Voivodeship", "PL-WP"},
			{"Pomeranian Voivodeship", "PL-PM"}, {"Łódź Voivodeship", "PL-LD"},
		},
		cities: []cityData{
			city("Warsaw", "Masovian Voivodeship", "22"),
			city("Kraków", "Lesser Poland Voivodeship", "12"),
			city("Wrocław", "Lower Silesian Voivodeship", "71"),
			city("Poznań", "Greater Poland Voivodeship", "61"),
			city("Gdańsk", "Pomeranian Voivodeship", "58"),
			city("Łódź", "Łódź Voivodeship", "42"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "50", 9), ng(typeMobile, "60", 9),
			ng(typeTollFree, "800", 9),
		},
	},
	{iso: "CH", localLen: 9,
		regions: []regionData{
			{"Zürich", "CH-ZH"}, {"Geneva", "CH-GE"}, {"Bern", "CH-BE"}, {"Basel-Stadt", "CH-BS"}, {"Vaud", "CH-VD"},
		},
		cities: []cityData{
			city("Zürich", "Zürich", "44"),
			city("Geneva", "Geneva", "22"),
			city("Bern", "Bern", "31"),
			city("Basel", "Basel-Stadt", "61"),
			city("Lausanne", "Vaud", "21"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "79", 9), ng(typeMobile, "78", 9),
			ng(typeTollFree, "800", 9),
			ng(typeSharedCost, "84", 9, "0", "2", "4", "8"),
		},
	},
	{iso: "AT", localLen: 10, needsRegistration: true,
		regions: []regionData{
			{"Vienna", "AT-9"}, {"Styria", "AT-6"}, {"Upper Austria", "AT-4"}, {"Salzburg", "AT-5"}, {"Tyrol", "AT-7"},
		},
		cities: []cityData{
			city("Vienna", "Vienna", "1"),
			city("Graz", "Styria", "316"),
			city("Linz", "Upper Austria", "732"),
			city("Salzburg", "Salzburg", "662"),
			city("Innsbruck", "Tyrol", "512"),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "664", 10), ng(typeMobile, "676", 10),
			ng(typeTollFree, "800", 9),
		},
	},
	{iso: "IE", localLen: 9,
		regions: []regionData{{"Leinster", "IE-L"}, {"Munster", "IE-M"}, {"Connacht", "IE-C"}},
		cities: []cityData{
			city("Dublin", "Leinster", "1").withLen(8),
			city("Cork", "Munster", "21"),
			city("Limerick", "Munster", "61").withLen(8),
			city("Waterford", "Munster", "51").withLen(8),
			city("Galway", "Connacht", "91").withLen(8),
		},
		nonGeo: []nonGeoData{
			ng(typeMobile, "85", 9), ng(typeMobile, "87", 9),
			ng(typeNational, "76", 9),
			ng(typeTollFree, "1800", 10),
		},
	},
}
