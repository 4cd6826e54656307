/// Where one alert stands (API.md, "Alert rules"): inactive → pending → firing → resolved.
public enum AlertStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not breaching (or never evaluated).
    case inactive
    /// Breaching, but for fewer consecutive windows than the rule's `for`.
    case pending
    /// Breaching for at least `for` consecutive windows; notifications are sent.
    case firing
    /// Was firing, then a window did not breach. Behaves like `inactive` for the next breach.
    case resolved
}
