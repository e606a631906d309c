package org.throughline.benchmark.differential;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/**
 * API schemas as Apollo's composition derives them from two of the differential test's supergraphs (copied from a
 * run's {@code api-schema.graphql}), so that the generator is tested without Node.js.
 */
final class TestSchemas {

    /** Interfaces and unions, lists of lists, arguments with defaults. */
    static final String ABSTRACT_TYPES = """
            type Book implements Item & Media { id: ID! label: String pages: Int price: Int title: String! trend(days: Int = 3): [[Int]] views: Int! }
            type Gadget implements Item { id: ID! label: String watts: Int! }
            interface Item { id: ID! label: String }
            interface Media { id: ID! title: String! trend(days: Int = 3): [[Int]] views: Int! }
            type Movie implements Item & Media { id: ID! label: String minutes: Int price: Int title: String! trend(days: Int = 3): [[Int]] views: Int! }
            type Query {
              catalogue: [Item!]!
              deals(maxPrice: Int = 100): [SearchResult]
              items: [Item]
              media: [Media!]!
              mediaById(id: ID!): Media
              search(limit: Int, term: String!): [SearchResult!]!
              trending(first: Int = 2): [Media!]!
            }
            union SearchResult = Book | Gadget | Movie
            """;

    /** Enums, input objects with defaults, lists of enums, required arguments. */
    static final String KEYS_ARGUMENTS = """
            type Employee {
              badge: String! doors: [[String!]]! id: ID! lastSeen(format: TimeFormat = ISO): String level: Int
              manager: Employee name: String! nicknames: [String] salaryBand: String shifts(week: Int!): [[Int]]
              status: Status!
            }
            input Page { limit: Int offset: Int = 0 }
            type Query {
              door(code: String!): [Employee!]
              employee(id: ID!): Employee
              employees(order: SortOrder = ASC, page: Page): [Employee!]!
              staff(filter: StaffFilter, first: Int, order: SortOrder = ASC): [Employee]
            }
            enum SortOrder { ASC DESC }
            input StaffFilter { badgePrefix: String minLevel: Int statuses: [Status!] }
            enum Status { ACTIVE ON_LEAVE }
            enum TimeFormat { EPOCH ISO }
            """;

    private TestSchemas() {
    }

    static GraphQLSchema schema(String sdl) {
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
    }
}
