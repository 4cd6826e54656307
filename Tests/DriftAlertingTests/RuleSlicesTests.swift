import DriftAlerting
import Testing

/// The rule key `slices` (API.md, "Slices"): `whole` by default, `versions`, `segments` or `all`.
@Suite struct RuleSlicesTests {
    static func rules(_ slices: String?) -> String {
        """
        receivers:
          - name: oncall
            kind: webhook
            url: https://hooks.example.com/driftwatch
        rules:
          - name: drift
            metric: psi
            op: ">="
            threshold: 0.2
        \(slices.map { "    slices: \($0)\n" } ?? "")    receivers: [oncall]
        """
    }

    @Test func defaultsToTheWholeModel() throws {
        let set = try RuleLoader.load(files: [RuleFile(path: "rules.yaml", text: Self.rules(nil))])
        #expect(set.rules.first?.slices == .whole)
    }

    @Test(arguments: AlertSliceScope.allCases)
    func readsEveryScope(scope: AlertSliceScope) throws {
        let set = try RuleLoader.load(files: [RuleFile(path: "rules.yaml", text: Self.rules(scope.rawValue))])
        #expect(set.rules.first?.slices == scope)
    }

    @Test func scopesCoverTheirSlices() {
        #expect(AlertSliceScope.all.includesWhole && AlertSliceScope.all.includesVersions && AlertSliceScope.all.includesSegments)
        #expect(AlertSliceScope.whole.includesWhole && !AlertSliceScope.whole.includesVersions)
        #expect(AlertSliceScope.versions.includesVersions && !AlertSliceScope.versions.includesSegments)
        #expect(AlertSliceScope.segments.includesSegments && !AlertSliceScope.segments.includesWhole)
    }

    @Test func aTypoIsRefusedWithTheChoices() throws {
        let errors = try #require(throws: RuleErrors.self) {
            try RuleLoader.load(files: [RuleFile(path: "rules.yaml", text: Self.rules("version"))])
        }
        let message = errors.errors.first?.message ?? ""
        #expect(message.contains("'version'") && message.contains("versions"), "\(message)")
    }
}
