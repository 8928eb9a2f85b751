package dev.sluice.cli.demo;

import java.util.SplittableRandom;

/**
 * Word pools and text builders for the demo shop. Deliberately awkward for a migration: accents,
 * Greek, Cyrillic, CJK, Hangul, emoji (outside the BMP), apostrophes, double quotes, backslashes,
 * tabs and newlines.
 */
final class DemoText {

    /** Display name and an ASCII handle used in e-mail addresses. */
    static final String[][] FIRST_NAMES = {
        {"José", "jose"}, {"Zoë", "zoe"}, {"Björn", "bjorn"}, {"Łukasz", "lukasz"},
        {"François", "francois"}, {"Søren", "soren"}, {"Anna", "anna"}, {"Jürgen", "jurgen"},
        {"Chloé", "chloe"}, {"Mateo", "mateo"}, {"Aiko", "aiko"}, {"Ngozi", "ngozi"},
        {"Emma", "emma"}, {"Liam", "liam"}, {"Noël", "noel"}, {"Ömer", "omer"},
        {"Siobhán", "siobhan"}, {"Олена", "olena"}, {"Δημήτρης", "dimitris"}, {"美咲", "misaki"},
        {"伟", "wei"}, {"지훈", "jihoon"}, {"Priya", "priya"}, {"Renée", "renee"},
    };

    static final String[][] LAST_NAMES = {
        {"García", "garcia"}, {"Müller", "mueller"}, {"Dvořák", "dvorak"}, {"O'Connor", "oconnor"},
        {"Smith", "smith"}, {"Kowalski", "kowalski"}, {"Ferreira", "ferreira"},
        {"Nakamura", "nakamura"}, {"Şahin", "sahin"}, {"Østergaard", "ostergaard"},
        {"Nguyễn", "nguyen"}, {"Rossi", "rossi"}, {"van der Berg", "vanderberg"},
        {"Іваненко", "ivanenko"}, {"佐藤", "sato"}, {"王", "wang"}, {"김", "kim"},
        {"Papadopoulos", "papadopoulos"}, {"Lefèvre", "lefevre"}, {"d'Alessandro", "dalessandro"},
    };

    static final String[] MAIL_DOMAINS = {
        "example.com", "example.org", "example.net", "mail.example", "post.example",
    };

    static final String[][] CATEGORY_NAMES = {
        {"Kitchen", "kitchen"}, {"Garden", "garden"}, {"Bücher", "buecher"},
        {"Électronique", "electronique"}, {"Spielzeug", "spielzeug"},
        {"Outdoor & Camping", "outdoor-camping"}, {"Café & Tee", "cafe-tee"}, {"文具", "stationery"},
        {"Bath", "bath"}, {"Lighting", "lighting"}, {"Fitness", "fitness"}, {"Décor", "decor"},
        {"Textiles", "textiles"}, {"Games", "games"}, {"Office", "office"}, {"Pets", "pets"},
        {"Baby", "baby"}, {"Audio", "audio"}, {"Crafts", "crafts"}, {"Travel", "travel"},
    };

    private static final String[] ADJECTIVES = {
        "Classic", "Organic", "Handmade", "Ultra-light", "Vintage", "Smart", "Eco", "Premium",
        "Mini", "Deluxe", "Nordic", "Rustic",
    };

    private static final String[] NOUNS = {
        "Coffee Mug", "Teekanne", "Rucksack", "Notebook", "Desk Lamp", "Café Grinder", "Yoga Mat",
        "Scarf", "抹茶 Set", "Chef's Knife", "Bluetooth Speaker", "Crème Brûlée Torch",
        "Board Game", "Wool Socks", "Plant Pot", "Tote Bag", "Cutting Board", "Kettle",
    };

    private static final String[] COLOURS = {
        "Red", "Navy", "Forêt", "Sand", "Schwarz", "Ivory", "Ocean", "Graphite",
    };

    private static final String[] MATERIALS = {
        "stoneware", "recycled PET", "oak", "merino wool", "stainless steel", "bamboo", "cotton",
    };

    private static final String[] REVIEW_TITLES = {
        "Great value", "Très bien", "Nicht schlecht", "Exactly as described", "Meh.",
        "很好用", "Would buy again", "Arrived \"slightly\" damaged", "Perfect gift 🎁",
        "Not what I expected", "¡Excelente!", "Solid, but pricey",
    };

    private static final String[] REVIEW_SENTENCES = {
        "Arrived quickly and well packed.",
        "The colour is a bit darker than in the photo.",
        "Qualité impeccable, je recommande.",
        "Funktioniert einwandfrei, danke!",
        "My kid's new favourite thing.",
        "Size runs small: order one up.",
        "It says \"dishwasher safe\" but the print faded after a month.",
        "Instructions were in C:\\Program Files\\manual.txt on the USB stick (seriously).",
        "値段の割にとても良いです。",
        "Sturdy.\tHeavy.\tWorth it.",
        "Customer service replied within a day.",
        "Отличное качество.",
        "Five stars 👍",
    };

    static final String[] GIFT_MESSAGES = {
        "Alles Gute zum Geburtstag! 🎂", "Joyeux Noël, mamie ❤", "お誕生日おめでとう",
        "For you — with love", "Feliz cumpleaños, \"Mamá\"", "Happy 30th, don't open before Friday!",
        "С днём рождения!", "Congrats on the new flat \\o/",
    };

    private static final String[] CUSTOMER_NOTES = {
        "Prefers delivery after 6 pm.\nDoor code: 4\\2 \"B\"",
        "VIP since 2019.\n\tCall before shipping anything fragile.",
        "Asked us not to include paper invoices.",
        "Address line 2 contains an apostrophe: Rue de l'Église.\nCourier keeps missing it.",
        "Wholesale account?\nCheck with sales — \"maybe next quarter\".",
    };

    static final String[] PAGES = {
        "/", "/cart", "/checkout", "/account/orders", "/search?q=café", "/suche?q=Müsli",
        "/検索?q=茶", "/help/returns", "/blog/how-to-brew-tea", "/wishlist",
    };

    static final String[] REFERRERS = {
        "https://www.google.com/", "https://duckduckgo.com/?q=tea+pot", "https://t.co/x1y2z3",
        "https://news.example/deals→today", "https://www.bing.com/search?q=crème+brûlée+torch",
    };

    private DemoText() {
    }

    static <T> T pick(SplittableRandom random, T[] pool) {
        return pool[random.nextInt(pool.length)];
    }

    /** A product name; every 97th product gets an emoji, as marketing likes to do. */
    static String productName(SplittableRandom random, int id) {
        String name = pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " – " + pick(random, COLOURS);
        return id % 97 == 0 ? name + " 🎁" : name;
    }

    /** A multi-line description with a tab, double quotes, an apostrophe and backslashes. */
    static String productDescription(SplittableRandom random, int id, String name) {
        return name + "\n"
                + "Features:\n"
                + "\t• Material: " + pick(random, MATERIALS) + "\n"
                + "\t• Care: \"wash at 30 °C\", don't tumble-dry\n"
                + "Spec sheet: \\\\files\\products\\" + id + ".pdf";
    }

    static String customerNote(SplittableRandom random) {
        return pick(random, CUSTOMER_NOTES);
    }

    static String reviewTitle(SplittableRandom random) {
        return pick(random, REVIEW_TITLES);
    }

    /** Two to five different sentences, sometimes on separate lines. */
    static String reviewBody(SplittableRandom random) {
        int sentences = 2 + random.nextInt(4);
        int[] order = new int[REVIEW_SENTENCES.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        StringBuilder body = new StringBuilder(200);
        for (int i = 0; i < sentences; i++) {
            int j = i + random.nextInt(order.length - i); // partial Fisher-Yates: no sentence twice
            int chosen = order[j];
            order[j] = order[i];
            if (i > 0) {
                body.append(random.nextInt(3) == 0 ? "\n" : " ");
            }
            body.append(REVIEW_SENTENCES[chosen]);
        }
        return body.toString();
    }

    /** {@code length} random bytes, all 256 values possible (so 0x00, quote and backslash occur). */
    static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** A few hundred bytes that start like a PNG file, standing in for a product thumbnail. */
    static byte[] thumbnail(SplittableRandom random) {
        byte[] bytes = bytes(random, 200 + random.nextInt(400));
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        return bytes;
    }
}
