/// A failure of the store that a user or operator can act on: a code that callers may switch on, and a
/// message in words.
///
/// A struct rather than an enum so that new codes can be added without breaking callers' switches.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The database file could not be opened or created (permissions, missing directory, not SQLite).
        public static let cannotOpen = Code(rawValue: "store_cannot_open")
        /// The file was written by a newer Driftwatch whose migrations this build does not know.
        public static let unknownSchemaVersion = Code(rawValue: "store_unknown_schema_version")
        /// The model has no stored reference (and so is unknown to the store).
        public static let unknownModel = Code(rawValue: "unknown_model")
        /// The requested reference version does not exist.
        public static let unknownReferenceVersion = Code(rawValue: "unknown_reference_version")
        /// A stored blob failed to decode: the file is damaged or was written by an incompatible build.
        public static let corruptData = Code(rawValue: "store_corrupt_data")
        /// A value cannot be stored (for example an event id longer than the limit).
        public static let invalidValue = Code(rawValue: "store_invalid_value")
        /// Too many labels wait for events that have not arrived (`limits.max_pending_labels`).
        public static let tooManyPendingLabels = Code(rawValue: "too_many_pending_labels")
        /// SQLite reported an error (disk full, I/O error, busy beyond the timeout …).
        public static let database = Code(rawValue: "store_database_error")
    }

    /// Why the operation failed.
    public var code: Code
    /// What happened, in words a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
