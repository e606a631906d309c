package org.throughline.benchmark.differential;

import graphql.schema.DataFetcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The supergraphs the differential test runs, each a set of subgraphs over fixed data: the same answers every run.
 * Each one gathers the Federation features where a gateway's planner and executor can go wrong, and data with the
 * awkward cases (nulls in lists, entities a subgraph does not know, a field that fails, a hidden enum value).
 */
final class SubgraphSets {

    static final String BENCHMARK = "benchmark";

    private SubgraphSets() {
    }

    /** All of them, by name, in the order the report shows them. */
    static Map<String, SubgraphSet> all() {
        Map<String, SubgraphSet> sets = new LinkedHashMap<>();
        Stream.of(benchmark(), abstractTypes(), requiresAndProvides(), keysAndArguments())
                .forEach(set -> sets.put(set.name(), set));
        return sets;
    }

    /** The public federation gateway benchmark's four subgraphs, served by {@code FederationBenchmarkSubgraphs}. */
    static SubgraphSet benchmark() {
        return new SubgraphSet(BENCHMARK, "The public federation gateway benchmark's four subgraphs (accounts,"
                + " inventory, products, reviews): `@requires(fields: \"price weight\")`, `@provides` on"
                + " `Review.author`, entity hops in both directions.", List.of(),
                Map.of("id", List.of("1", "2", "6", "7"), "first", List.of(0, 1, 2, 5, 9)));
    }

    // ---- abstract types: interfaces and unions whose implementations and members differ per subgraph ----

    private static final List<Map<String, Object>> MEDIA = List.of(
            row("__typename", "Book", "id", "b1", "title", "Dune", "pages", 412, "label", "sci-fi classic"),
            row("__typename", "Movie", "id", "m1", "title", "Alien", "minutes", 117, "label", "horror"),
            row("__typename", "Book", "id", "b2", "title", "Emma", "pages", 474, "label", null),
            row("__typename", "Movie", "id", "m2", "title", "Heat", "minutes", null, "label", null),
            row("__typename", "Book", "id", "b3", "title", "Ulysses", "pages", null, "label", "long"));
    private static final List<Map<String, Object>> SHOP = List.of(
            row("__typename", "Gadget", "id", "g1", "label", "Lamp", "watts", 40),
            row("__typename", "Book", "id", "b1", "label", "sci-fi classic", "price", 12),
            row("__typename", "Gadget", "id", "g2", "label", null, "watts", 5),
            row("__typename", "Book", "id", "b2", "label", null, "price", 30),
            row("__typename", "Book", "id", "b3", "label", "long", "price", null),
            row("__typename", "Movie", "id", "m1", "label", "horror", "price", 5),
            row("__typename", "Movie", "id", "m2", "label", null, "price", 8));
    private static final Map<String, Integer> VIEWS = Map.of("b1", 10, "b2", 0, "b3", 7, "m1", 99, "m2", 3);

    static SubgraphSet abstractTypes() {
        Subgraph catalog = new Subgraph("catalog", """
                interface Media @key(fields: "id") { id: ID! title: String! }
                interface Item { id: ID! label: String }
                type Book implements Media & Item @key(fields: "id") { id: ID! title: String! pages: Int label: String @shareable }
                type Movie implements Media & Item @key(fields: "id") { id: ID! title: String! minutes: Int label: String @shareable }
                union SearchResult = Book | Movie
                type Query {
                  media: [Media!]!
                  mediaById(id: ID!): Media
                  search(term: String!, limit: Int): [SearchResult!]!
                  items: [Item]
                }
                """, wiring -> wiring.type("Query", type -> type
                .dataFetcher("media", env -> MEDIA)
                .dataFetcher("mediaById", env -> byKey(MEDIA, "id", env.getArgument("id")))
                .dataFetcher("search", env -> MEDIA.stream()
                        .filter(m -> ((String) m.get("title")).contains(env.<String>getArgument("term")))
                        .limit(env.getArgument("limit") == null ? Long.MAX_VALUE
                                : Math.max(0, env.<Integer>getArgument("limit"))).toList())
                .dataFetcher("items", env -> nullable(MEDIA.get(0), MEDIA.get(1), null, MEDIA.get(4)))),
                representation -> byKey(MEDIA, "id", representation.get("id")));
        Subgraph shop = new Subgraph("shop", """
                interface Item { id: ID! label: String }
                type Book implements Item @key(fields: "id") { id: ID! label: String @shareable price: Int }
                type Gadget implements Item @key(fields: "id") { id: ID! label: String watts: Int! }
                type Movie @key(fields: "id") { id: ID! label: String @shareable price: Int }
                union SearchResult = Book | Gadget
                type Query { catalogue: [Item!]! deals(maxPrice: Int = 100): [SearchResult] }
                """, wiring -> wiring.type("Query", type -> type
                .dataFetcher("catalogue", env -> SHOP.subList(0, 5))
                .dataFetcher("deals", env -> SHOP.subList(0, 5).stream().filter(row -> row.get("__typename")
                        .equals("Gadget") || row.get("price") != null
                        && (Integer) row.get("price") <= env.<Integer>getArgument("maxPrice")).toList())),
                representation -> byKey(SHOP, "id", representation.get("id")));
        DataFetcher<Object> trend = env -> {
            int views = (Integer) env.<Map<String, Object>>getSource().get("views");
            int days = Math.max(0, Math.min(5, env.<Integer>getArgument("days")));
            List<List<Integer>> lists = new ArrayList<>();
            for (int day = 0; day < days; day++) {
                lists.add(day % 3 == 1 ? nullable(views + day, null) : day % 3 == 2 ? List.of() : List.of(views - day));
            }
            return lists;
        };
        Subgraph popularity = new Subgraph("popularity", """
                type Media @key(fields: "id") @interfaceObject { id: ID! views: Int! trend(days: Int = 3): [[Int]] }
                type Query { trending(first: Int = 2): [Media!]! }
                """, wiring -> wiring
                .type("Query", type -> type.dataFetcher("trending", env -> Stream.of("m1", "b2", "b1", "m2")
                        .limit(Math.max(0, env.<Integer>getArgument("first"))).map(SubgraphSets::media).toList()))
                .type("Media", type -> type.dataFetcher("trend", trend)),
                representation -> media((String) representation.get("id")));
        return new SubgraphSet("abstract-types", "Interfaces and unions whose implementations and members differ per"
                + " subgraph (`Item` is implemented by Book and Movie in catalog, by Book and Gadget in shop; the"
                + " union `SearchResult` has Book and Movie in one, Book and Gadget in the other), an entity"
                + " interface `Media` with `@interfaceObject` in popularity, nulls in lists, lists of lists.",
                List.of(catalog, shop, popularity),
                Map.of("id", List.of("b1", "m1", "m2", "g1", "x9"), "term", List.of("e", "Du", "", "zz"),
                        "limit", List.of(0, 1, 3), "maxPrice", List.of(0, 10, 100), "first", List.of(0, 1, 4),
                        "days", List.of(0, 1, 3, 5)));
    }

    private static Map<String, Object> media(String id) {
        return VIEWS.containsKey(id) ? row("__typename", "Media", "id", id, "views", VIEWS.get(id)) : null;
    }

    // ---- requires and provides, shareable root fields and value types ----

    private static final List<Map<String, Object>> PRODUCTS = List.of(
            row("__typename", "Product", "upc", "p1", "name", "Table", "price", money(900, "EUR"),
                    "dimensions", row("weight", 30.5, "length", 200), "tags", List.of("wood", "large")),
            row("__typename", "Product", "upc", "p2", "name", "Chair", "price", money(1200, "USD"),
                    "dimensions", row("weight", null, "length", 50), "tags", null),
            row("__typename", "Product", "upc", "p3", "name", "Glass", "price", money(15, "EUR"),
                    "dimensions", null, "tags", List.of()));
    private static final Map<String, Boolean> IN_STOCK = Map.of("p1", true, "p2", false, "p3", true);
    private static final List<Map<String, Object>> USERS = List.of(
            row("__typename", "User", "id", "u1", "name", "Ada", "email", "ada@example.org"),
            row("__typename", "User", "id", "u2", "name", "Bob", "email", "bob@example.org"),
            row("__typename", "User", "id", "u3", "name", null, "email", "anon@example.org"));
    private static final List<Map<String, Object>> REVIEWS = List.of(
            review("r1", "Solid", 5, "u1", "Ada", "p1"), review("r2", "Wobbly", 2, "u2", "Bob", "p2"),
            review("r3", "Fine", 3, "u3", null, "p1"), review("r4", "Cracked", 1, "u1", "Ada", "p3"),
            review("r5", "Gone", 4, "u4", "Eve", "p9"));

    static SubgraphSet requiresAndProvides() {
        String shared = """
                enum Currency { EUR USD }
                type Money @shareable { amount: Int! currency: Currency! }
                type Dimensions @shareable { weight: Float length: Int }
                """;
        Subgraph products = new Subgraph("products", shared + """
                type Product @key(fields: "upc") { upc: String! name: String! price: Money! dimensions: Dimensions tags: [String!] }
                type Query { products: [Product!]! product(upc: String!): Product topProduct: Product @shareable }
                """, wiring -> wiring.type("Query", type -> type
                .dataFetcher("products", env -> PRODUCTS)
                .dataFetcher("product", env -> byKey(PRODUCTS, "upc", env.getArgument("upc")))
                .dataFetcher("topProduct", env -> PRODUCTS.get(0))),
                representation -> byKey(PRODUCTS, "upc", representation.get("upc")));
        Subgraph inventory = new Subgraph("inventory", shared + """
                type Product @key(fields: "upc") {
                  upc: String!
                  price: Money! @external
                  dimensions: Dimensions @external
                  inStock: Boolean!
                  shippingCost: Int @requires(fields: "dimensions { weight } price { amount }")
                }
                type Query { topProduct: Product @shareable }
                """, wiring -> wiring.type("Query", type -> type
                .dataFetcher("topProduct", env -> row("__typename", "Product", "upc", "p1", "inStock", true))),
                SubgraphSets::inventory);
        Subgraph fees = new Subgraph("fees", """
                type Product @key(fields: "upc") { upc: String! shippingCost: Int @external handlingFee: Int @requires(fields: "shippingCost") }
                type Query { feeCurrency: String }
                """, wiring -> wiring.type("Query", type -> type.dataFetcher("feeCurrency", env -> "EUR")),
                representation -> {
                    Object cost = representation.get("shippingCost");
                    return row("__typename", "Product", "upc", representation.get("upc"),
                            "handlingFee", cost == null ? null : ((Number) cost).intValue() + 3);
                });
        Subgraph reviews = new Subgraph("reviews", """
                type Review { id: ID! body: String! stars: Int! author: User @provides(fields: "name") product: Product }
                type User @key(fields: "id") { id: ID! name: String @external reviews: [Review!]! }
                type Product @key(fields: "upc") { upc: String! reviews(minStars: Int = 0): [Review!]! }
                type Query { latestReviews(count: Int = 3): [Review!]! }
                """, wiring -> wiring
                .type("Query", type -> type.dataFetcher("latestReviews", env -> REVIEWS.subList(0,
                        Math.max(0, Math.min(REVIEWS.size(), env.<Integer>getArgument("count"))))))
                .type("User", type -> type.dataFetcher("reviews", env -> REVIEWS.stream().filter(review ->
                        ((Map<?, ?>) review.get("author")).get("id").equals(env.<Map<?, ?>>getSource().get("id")))
                        .toList()))
                .type("Product", type -> type.dataFetcher("reviews", env -> REVIEWS.stream().filter(review ->
                        ((Map<?, ?>) review.get("product")).get("upc").equals(env.<Map<?, ?>>getSource().get("upc"))
                                && (Integer) review.get("stars") >= env.<Integer>getArgument("minStars")).toList())),
                representation -> representation);
        Subgraph accounts = new Subgraph("accounts", """
                type User @key(fields: "id") { id: ID! name: String @shareable email: String! }
                type Query { me: User users: [User!]! }
                """, wiring -> wiring.type("Query", type -> type.dataFetcher("me", env -> USERS.get(0))
                .dataFetcher("users", env -> USERS)),
                representation -> byKey(USERS, "id", representation.get("id")));
        return new SubgraphSet("requires-provides", "`@requires` of nested fields of a value type"
                + " (`shippingCost @requires(fields: \"dimensions { weight } price { amount }\")`) and a chain of"
                + " requires (`handlingFee` needs `shippingCost`), `@provides(fields: \"name\")` on `Review.author`, a"
                + " `@shareable` root field (`topProduct`) in two subgraphs, `@shareable` value types (Money,"
                + " Dimensions), a review whose author accounts does not know (a non-null `email` then fails).",
                List.of(products, inventory, fees, reviews, accounts),
                Map.of("upc", List.of("p1", "p2", "p3", "p9"), "count", List.of(0, 2, 5), "minStars", List.of(0, 3, 5)));
    }

    /** Inventory's part of a product; the shipping cost needs the weight and price products owns. */
    private static Map<String, Object> inventory(Map<String, Object> representation) {
        String upc = (String) representation.get("upc");
        if (!IN_STOCK.containsKey(upc)) {
            return null;
        }
        Map<String, Object> product = new HashMap<>(representation);
        product.put("inStock", IN_STOCK.get(upc));
        Map<?, ?> dimensions = (Map<?, ?>) representation.get("dimensions");
        Map<?, ?> price = (Map<?, ?>) representation.get("price");
        Object weight = dimensions == null ? null : dimensions.get("weight");
        Object amount = price == null ? null : price.get("amount");
        product.put("shippingCost", weight == null || amount == null ? null
                : ((Number) amount).intValue() > 1000 ? 0 : (int) Math.ceil(((Number) weight).doubleValue()) * 2);
        return product;
    }

    private static Map<String, Object> money(int amount, String currency) {
        return row("amount", amount, "currency", currency);
    }

    private static Map<String, Object> review(String id, String body, int stars, String author, String name,
                                              String upc) {
        return row("__typename", "Review", "id", id, "body", body, "stars", stars,
                "author", row("__typename", "User", "id", author, "name", name),
                "product", row("__typename", "Product", "upc", upc));
    }

    // ---- keys and arguments: several keys, a key chain, inaccessible values, lists of lists, input objects ----

    private static final List<Map<String, Object>> PEOPLE = List.of(
            row("__typename", "Employee", "id", "e1", "name", "Alice", "nicknames", nullable("Al", null)),
            row("__typename", "Employee", "id", "e2", "name", "Bruno", "nicknames", null),
            row("__typename", "Employee", "id", "e3", "name", "Chen", "nicknames", List.of()),
            row("__typename", "Employee", "id", "e4", "name", "Dana", "nicknames", List.of("D")),
            row("__typename", "Employee", "id", "e5", "name", "Eli", "nicknames", List.of("E", "Eli")));
    private static final List<Map<String, Object>> STAFF = List.of(
            staff("e1", "B-100", "ACTIVE", 3, null), staff("e2", "B-200", "ON_LEAVE", 2, "e1"),
            staff("e3", "B-300", "RETIRED", 1, "e1"), staff("e4", "B-400", "ACTIVE", null, "e2"));
    private static final Map<String, List<List<String>>> DOORS = Map.of(
            "B-100", List.of(List.of("main", "lab"), List.of()),
            "B-200", List.of(List.of("main")),
            "B-300", List.of());

    static SubgraphSet keysAndArguments() {
        Subgraph people = new Subgraph("people", """
                enum SortOrder { ASC DESC }
                input Page { offset: Int = 0, limit: Int }
                type Employee @key(fields: "id") { id: ID! name: String! nicknames: [String] }
                type Query { employees(order: SortOrder = ASC, page: Page): [Employee!]! employee(id: ID!): Employee }
                """, wiring -> wiring.type("Query", type -> type
                .dataFetcher("employees", env -> page(sorted(PEOPLE, env.getArgument("order")),
                        env.getArgument("page")))
                .dataFetcher("employee", env -> byKey(PEOPLE, "id", env.getArgument("id")))),
                representation -> byKey(PEOPLE, "id", representation.get("id")));
        Subgraph hr = new Subgraph("hr", """
                enum Status { ACTIVE ON_LEAVE RETIRED @inaccessible }
                enum SortOrder { ASC DESC }
                input StaffFilter { statuses: [Status!], minLevel: Int, badgePrefix: String }
                type Employee @key(fields: "id") @key(fields: "badge") {
                  id: ID!
                  badge: String!
                  status: Status!
                  level: Int
                  salaryBand: String
                  secret: String @inaccessible
                  manager: Employee
                }
                type Query { staff(filter: StaffFilter, order: SortOrder = ASC, first: Int): [Employee] }
                """, wiring -> wiring
                .type("Query", type -> type.dataFetcher("staff", env -> {
                    List<Map<String, Object>> rows = sorted(filtered(env.getArgument("filter")), env.getArgument("order"));
                    Integer first = env.getArgument("first");
                    return first == null ? rows : rows.subList(0, Math.max(0, Math.min(rows.size(), first)));
                }))
                .type("Employee", type -> type
                        .dataFetcher("salaryBand", env -> {
                            String id = (String) env.<Map<?, ?>>getSource().get("id");
                            if (id.equals("e3")) {
                                throw new IllegalStateException("salary band of e3 is sealed");
                            }
                            return "band-" + env.<Map<?, ?>>getSource().get("level");
                        })
                        .dataFetcher("manager", env -> byKey(STAFF, "id", env.<Map<?, ?>>getSource().get("managerId")))),
                representation -> representation.containsKey("id") ? byKey(STAFF, "id", representation.get("id"))
                        : byKey(STAFF, "badge", representation.get("badge")));
        Subgraph access = new Subgraph("access", """
                enum TimeFormat { ISO EPOCH }
                type Employee @key(fields: "badge") {
                  badge: String!
                  doors: [[String!]]!
                  lastSeen(format: TimeFormat = ISO): String
                  shifts(week: Int!): [[Int]]
                }
                type Query { door(code: String!): [Employee!] }
                """, wiring -> wiring
                .type("Query", type -> type.dataFetcher("door", env -> DOORS.entrySet().stream()
                        .filter(entry -> entry.getValue().stream().anyMatch(doors ->
                                doors.contains(env.<String>getArgument("code"))))
                        .map(entry -> access(entry.getKey())).sorted(Comparator.comparing(row -> (String) row.get("badge")))
                        .toList()))
                .type("Employee", type -> type
                        .dataFetcher("lastSeen", env -> {
                            int number = Integer.parseInt(((String) env.<Map<?, ?>>getSource().get("badge")).substring(2));
                            return "EPOCH".equals(env.getArgument("format")) ? String.valueOf(1_790_000_000L + number)
                                    : "2026-11-0" + (number / 100) + "T08:00:00Z";
                        })
                        .dataFetcher("shifts", env -> {
                            int week = env.<Integer>getArgument("week");
                            return week < 0 ? null : List.of(nullable(week, null), List.of(), nullable((Object) null));
                        })),
                representation -> access((String) representation.get("badge")));
        return new SubgraphSet("keys-arguments", "An entity with several keys and a key chain: people knows employees"
                + " by `id`, hr by `id` and by `badge`, access by `badge` only, so people reaches access (and access"
                + " reaches people) only through hr; an employee hr does not know (e5) and one access does not know"
                + " (B-400) behind non-null fields; an `@inaccessible` field and enum value (`Status.RETIRED`, which hr"
                + " returns for e3); a field that fails (`salaryBand` of e3); lists of lists; arguments of every kind"
                + " (scalars, enums, input objects with defaults, lists of enums).",
                List.of(people, hr, access),
                Map.of("id", List.of("e1", "e3", "e5", "e9"), "code", List.of("main", "lab", "none"),
                        "week", List.of(-1, 0, 2), "first", List.of(0, 1, 3), "offset", List.of(0, 1, 4),
                        "limit", List.of(0, 2, 9), "minLevel", List.of(0, 2, 3), "badgePrefix", List.of("B-", "B-1", "")));
    }

    private static Map<String, Object> staff(String id, String badge, String status, Integer level, String manager) {
        return row("__typename", "Employee", "id", id, "badge", badge, "status", status, "level", level,
                "secret", "s-" + id, "managerId", manager);
    }

    private static Map<String, Object> access(String badge) {
        return DOORS.containsKey(badge) ? row("__typename", "Employee", "badge", badge, "doors", DOORS.get(badge)) : null;
    }

    private static List<Map<String, Object>> filtered(Map<String, Object> filter) {
        if (filter == null) {
            return STAFF;
        }
        List<?> statuses = (List<?>) filter.get("statuses");
        Integer minLevel = (Integer) filter.get("minLevel");
        String prefix = (String) filter.get("badgePrefix");
        return STAFF.stream()
                .filter(row -> statuses == null || statuses.contains(row.get("status")))
                .filter(row -> minLevel == null || row.get("level") != null && (Integer) row.get("level") >= minLevel)
                .filter(row -> prefix == null || ((String) row.get("badge")).startsWith(prefix)).toList();
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows, Object order) {
        Comparator<Map<String, Object>> byId = Comparator.comparing(row -> (String) row.get("id"));
        return rows.stream().sorted("DESC".equals(order) ? byId.reversed() : byId).toList();
    }

    private static List<Map<String, Object>> page(List<Map<String, Object>> rows, Map<String, Object> page) {
        if (page == null) {
            return rows;
        }
        int offset = Math.max(0, Math.min(rows.size(), page.get("offset") == null ? 0 : (Integer) page.get("offset")));
        int limit = page.get("limit") == null ? rows.size() : Math.max(0, (Integer) page.get("limit"));
        return rows.subList(offset, Math.min(rows.size(), offset + limit));
    }

    // ---- helpers ----

    /** A map from alternating keys and values, nulls allowed, in order. */
    static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    /** A list that may hold nulls. */
    @SafeVarargs
    private static <T> List<T> nullable(T... items) {
        return new ArrayList<>(java.util.Arrays.asList(items));
    }

    private static Map<String, Object> byKey(List<Map<String, Object>> rows, String key, Object value) {
        return rows.stream().filter(row -> Objects.equals(row.get(key), value)).findFirst().orElse(null);
    }
}
