"""Word pools and templates for the synthetic site.

Ordinary ads are written to contain indicator words in innocent use (the traps that cost
lawful speech when a filter matches words instead of context). Commercial-sex ads are built
from clinical indicator phrases only: vocabulary, never content. Slots in braces are filled by
`templates.py`, which also records what each slot puts into the truth.
"""

from __future__ import annotations

NAMES = [
    "Mia",
    "Lily",
    "Candy",
    "Jade",
    "Rose",
    "Amber",
    "Skye",
    "Nina",
    "Ruby",
    "Luna",
    "Coco",
    "Bella",
    "Gigi",
    "Tina",
    "Kim",
    "Sasha",
    "Dana",
    "Vicky",
    "Lexi",
    "Nova",
    "Ivy",
    "Kira",
    "Star",
    "Angel",
]
PERSON_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Chris",
    "Pat",
    "Morgan",
    "Jamie",
    "Robin",
    "Casey",
    "Drew",
    "Lee",
    "Terry",
    "Kelly",
    "Dana",
    "Jesse",
    "Avery",
    "Riley",
    "Quinn",
    "Reese",
]
HANDLE_SERVICES = [
    ("snap", "snapchat"),
    ("Snapchat", "snapchat"),
    ("IG", "instagram"),
    ("insta", "instagram"),
    ("Telegram", "telegram"),
    ("kik", "kik"),
    ("WhatsApp", "whatsapp"),
    ("Signal", "signal"),
]
EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com"]
SECTIONS_ORDINARY = ["for-sale", "vehicles", "housing", "jobs", "pets", "services", "events", "dating", "personals"]

# ----------------------------------------------------------------- ordinary ads, by section
# Slots: {phone} {email} {handle} {price} {rent} {wage} {age_adult} {age_teen_owner} {city} {name}
ORDINARY: dict[str, list[tuple[str, str]]] = {
    "for-sale": [
        ("Lolita style dress", "Lolita style dress, size 6, worn once to a convention. {price}. Text {phone}."),
        ("Girls bike", "Girls bike, 20 inch, pink with streamers. Young rider outgrew it. {price} firm. {phone}"),
        ("Fresh eggs", "Fresh eggs daily from free range hens, {price} a dozen. Call {phone} or stop by."),
        ("Teen clothes lot", "Teen clothes lot, sizes S-M, barely worn. {price} for all. Email {email}"),
        ("Brand new in box", "Brand new in box blender, never used, gift we did not need. {price}. {phone}"),
        ("Dozen roses vases", "Glass vases for a dozen roses, set of 12, great for weddings. {price}. {email}"),
        ("School backpack", "School backpack 🎒 and lunch box, like new. {price}. Pick up only. {phone}"),
        ("Kitten toys", "Kitten toys and scratching post, gently used. {price}. Text {phone}"),
        ("Candy machine", "Vintage candy machine, works great, kids love it. {price} obo. {phone}"),
        ("Youth soccer cleats", "Youth soccer cleats size 4, worn one season. {price}. Message {handle}"),
        ("Baby girl clothes", "Baby girl clothes 0-3 months, 40 pieces, smoke free home. {price}. {phone}"),
        ("Discreet safe", "Discreet wall safe, hides behind a picture frame. {price}. Call {phone}"),
        ("Petite dress", "Petite formal dress, navy, size 2P. Real photos of the dress on request. {price}."),
        ("Massage chair", "Full body massage chair, all settings work. {price}. Delivery available. {phone}"),
        ("Hotel pans", "Restaurant hotel pans, stainless, 10 pieces. {price} for the lot. {email}"),
    ],
    "vehicles": [
        ("1998 Ford Escort", "1998 Ford Escort, runs great, new tires, 120k miles. {price}. Call {phone}"),
        ("Full service history", "2012 sedan with full service history, one owner, clean title. {price}. {phone}"),
        ("Young driver special", "Perfect first car for a teen driver, reliable and cheap on gas. {price}. {phone}"),
        ("Touring bike", "Touring bike with panniers, 56cm frame, serviced. {price}. Text {phone}"),
        ("Virgin Islands boat", "Boat kept in the Virgin Islands until last year, now here. {price}. {email}"),
        ("Fresh paint", "Fresh paint and new brakes, 2009 hatchback, 24/7 roadside plan included. {price}. {phone}"),
    ],
    "housing": [
        ("Room for rent", "Room for someone new to town, quiet house, utilities included. {rent}. Call {phone}"),
        ("Studio downtown", "Studio downtown near the hotel district, 24/7 security, laundry. {rent}. {email}"),
        (
            "Room near campus",
            "Room near campus, ideal for a {age_adult} year old student, private bath. {rent}. {phone}",
        ),
        ("Roommate wanted", "Roommate wanted, young professionals preferred, no drama household. {rent}. {phone}"),
        (
            "Discreet entrance apartment",
            "Garden apartment with a private entrance, discreet and safe street. {rent}. {phone}",
        ),
        ("Short term sublet", "Short term sublet, just arrived furniture, available now. {rent}. Text {phone}"),
        ("New in town rental", "New in town? Furnished rooms by the week, all utilities. {rent}. {email}"),
    ],
    "jobs": [
        (
            "Babysitter available",
            "Responsible {age_adult} year old babysitter, CPR certified, references available. {wage}. {phone}",
        ),
        ("Tutor", "I am {age_adult}, a college student tutoring high school math and chemistry. {wage}. {email}"),
        ("Hotel housekeeping", "Hotel housekeeping jobs, all shifts, 24 hours a week or more. {wage}. Apply {email}"),
        ("Massage therapist wanted", "Licensed massage therapist wanted for a spa, LMT required. {wage}. {phone}"),
        ("Warehouse night shift", "Warehouse night shift, overnight hours, no experience needed. {wage}. {phone}"),
        ("Teen camp counselor", "Teen camp counselors wanted for summer day camp. {wage}. Email {email}"),
        ("Restaurant staff", "We have openings for servers and cooks. Fresh start welcome. {wage}. {phone}"),
        ("Delivery drivers", "Delivery drivers, flexible hours, day or night shifts. {wage}. Text {phone}"),
    ],
    "pets": [
        ("Young kittens", "Young kittens, 8 weeks, litter trained, very sweet. {price} rehoming fee. {phone}"),
        ("Puppies", "Golden puppies ready now, first shots done, parents on site. {price}. {phone}"),
        ("Bunny", "Young bunny with cage and food, fresh hay included. {price}. Text {phone}"),
        ("Exotic birds", "Exotic birds, hand raised, healthy. {price} each. Call {phone}"),
        ("Kitten named Candy", "Our kitten Candy needs a home, she loves people. Free to a good home. {phone}"),
    ],
    "services": [
        ("24/7 towing", "24/7 towing and roadside help, fast and discreet, we come to you. Call {phone}"),
        (
            "Licensed massage therapy",
            "Licensed massage therapy, deep tissue and sports massage, LMT. {hourly}. {phone}",
        ),
        ("Locksmith", "Locksmith available 24 hours, day or night, licensed and insured. {phone}"),
        ("House cleaning", "House cleaning, safe products, real photos of our work online. {price}. {email}"),
        ("Tutoring", "Tutoring for teens and adults, first time students get a discount. {hourly}. {phone}"),
        ("Pest control", "Discreet pest control in unmarked vans. Same day service. {phone}"),
        ("Moving help", "Two guys with a truck, moving help anytime, no job too small. {hourly}. {phone}"),
        ("Car detailing", "Full service detailing, fresh scent, new look. {price}. Text {phone}"),
        ("Elder companionship", "Companionship for seniors, caregiver with references. {hourly}. {email}"),
    ],
    "events": [
        ("Teen night", "Teen night at the rec center, ages 13-17, music and games. Tickets {price}. {email}"),
        ("Happy hour specials", "Happy hour specials all week, live music Friday. {email}"),
        ("Rose festival", "Rose festival this weekend, a thousand roses on show. Free entry. {handle}"),
        ("Youth league signups", "Youth league signups open, girls and boys teams. {price}. Call {phone}"),
        ("New in town meetup", "New in town meetup for recent arrivals, coffee and board games. {handle}"),
    ],
    "dating": [
        ("New to town", "New to town and looking for friends to hike with. I'm {age_adult}, love dogs. {handle}"),
        ("Young at heart", "Young at heart widower, enjoys dancing and cooking. Looking for a companion. {email}"),
        ("Looking for love", "I'm {age_adult}, fresh out of college, into music and real conversation. {handle}"),
        ("Movie buddy", "Looking for a movie buddy, I like stories with a happy ending. {handle}"),
        (
            "Coffee date",
            "Just arrived for a new job, would love a coffee date this weekend. I am {age_adult}. {handle}",
        ),
        ("Outdoors", "Outdoorsy {age_adult} year old, new in town, safe and respectful first dates only. {handle}"),
    ],
    "personals": [
        ("Missed connection", "Missed connection at the hotel bar on Friday, you had a red scarf. {email}"),
        ("Lost dog", "Lost young dog near the park, answers to Ruby. Reward. Call {phone}"),
        ("Pen pal", "Pen pal wanted, age {age_adult}, interested in languages and travel. {email}"),
        ("Thank you", "Thank you to the stranger who paid for our meal, you were an angel. {handle}"),
    ],
}

# ----------------------------------------------------------------- commercial-sex indicator phrases
# Each entry: (phrase, category). Prices are added separately so their truth is exact.
COMMERCIAL_CORE = [
    "incall and outcall",
    "incall only",
    "outcall available",
    "GFE",
    "escort service",
    "sensual massage",
    "body rub",
    "hobbyists welcome",
    "generous gentlemen only",
    "full service companion",
    "escort",
    "happy endings",
]
INDEPENDENT_OPENERS = [
    "Hi gentlemen, I'm {name}, independent and easygoing.",
    "{name} here, a mature provider who enjoys good company.",
    "Companion {name} available for appointments.",
    "Hello, it's {name}. I work for myself and keep my own schedule.",
    "Relaxed and friendly, {name} is my name.",
]
NETWORK_OPENERS = [
    "New girls every week!",
    "Our ladies are waiting for you.",
    "Choose from our girls.",
    "We have new ladies this week.",
    "Two girls this week.",
    "Several girls to pick from.",
]
YOUTH = [
    "young",
    "barely legal",
    "fresh",
    "sweet teen",
    "teen",
    "new to the game",
    "just turned 18",
    "young and fresh",
    "babygirl",
    "🍭",
    "🎒",
    "youthful",
]
ETHNICITY = [
    "exotic",
    "Asian",
    "Latina",
    "Ebony",
    "Thai",
    "Korean",
    "Russian",
    "European",
    "little English",
    "new to the country",
]
MOVEMENT = [
    "new in town",
    "just arrived",
    "leaving soon",
    "touring",
    "last night in town",
    "back in town",
    "here until Sunday",
]
THIRD_PARTY = [
    "ask for {name}",
    "call for {name}",
    "our girls are waiting",
    "new girls daily",
    "she is available tonight",
    "book her now",
    "choose from our ladies",
]
AVAILABILITY = ["available 24/7", "all night", "day or night", "available now", "late night"]
VENUE = ["text for room number", "hotel near the airport", "outcall only", "private incall", "motel off the highway"]
PRICING_EXTRA = ["specials all week", "2 girl special", "discount for regulars"]
SCREENING = ["no cops", "no law enforcement", "screening required", "no blocked calls"]
PAYMENT = ["deposit required", "cash app accepted", "gift cards ok", "bitcoin ok"]
REASSURANCE = ["100% real photos", "real and recent pics", "safe and discreet", "upscale and classy", "no fake pics"]

# A help line that a site prints in many unrelated ads (toll-free, fictional 555 line).
HELP_LINE_TEXT = "Report scams to the site help line 800-555-0199."
HELP_LINE_E164 = "+18005550199"
# Which optional indicator phrases each kind of poster uses, and how often. Networks lean on
# the categories the comparison-group study found predictive; independents on movement and
# screening, which it found not predictive of trafficking.
_NETWORK_EXTRAS = (
    ("ethnicity", ETHNICITY, 0.6),
    ("reassurance", REASSURANCE, 0.7),
    ("venue", VENUE, 0.6),
    ("availability", AVAILABILITY, 0.5),
    ("pricing", PRICING_EXTRA, 0.3),
    ("payment", PAYMENT, 0.3),
    ("movement", MOVEMENT, 0.3),
)
OPTIONAL_PHRASES: dict[str, tuple[tuple[str, list[str], float], ...]] = {
    "trafficking": _NETWORK_EXTRAS,
    "minor": _NETWORK_EXTRAS,
    "independent": (
        ("movement", MOVEMENT, 0.4),
        ("screening", SCREENING, 0.5),
        ("availability", AVAILABILITY, 0.3),
        ("venue", VENUE, 0.3),
        ("payment", PAYMENT, 0.2),
    ),
}

# Boilerplate that many unrelated ads carry: linking must not glue on it.
BOILERPLATE = [
    "Serious inquiries only.",
    "No scams please.",
    "Cash or card accepted.",
    "Message for more details.",
    "Posted by owner.",
]

# Neutral sentences that make ads as long as real ones (about 300-500 characters).
FILLER_ORDINARY = [
    "Please read the whole ad before you reach out.",
    "I answer messages in the evening after work.",
    "Pick up is near the main library, parking is easy.",
    "Pictures show the actual item and condition.",
    "No holds without a deposit, first come first served.",
    "I can meet at a public place during the day.",
    "Happy to answer questions, just ask.",
    "Located close to the bus line and the grocery store.",
    "Reasonable offers considered, no trades please.",
    "Everything is clean and stored indoors.",
    "Weekends work best for me, weekdays after six.",
    "The neighborhood is quiet and friendly.",
    "If the ad is up it is still available.",
    "I have more listings, check my other posts.",
    "Thanks for looking and have a great day.",
    "Cash preferred, exact change appreciated.",
]
FILLER_COMMERCIAL = [
    "Message to set up a time.",
    "Appointments with a little notice are best.",
    "Polite messages only.",
    "Looking forward to meeting you.",
    "Serious messages get a fast reply.",
    "Schedule fills up quickly.",
    "Text first, calls are not answered.",
    "Read the whole ad before texting.",
]
