import DriftServer
import Foundation
import Testing

/// The OpenAPI document in the repository describes exactly the routes the application registers.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("Paths and methods match APIRoute, through which every route is registered")
    func matchesRoutes() throws {
        let document = try #require(JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head"]
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where methods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let registered = Set(APIRoute.allCases.map { "\($0.method.rawValue) \($0.openAPIPath)" })
        #expect(documented == registered)
    }
}
