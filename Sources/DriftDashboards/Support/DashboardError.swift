/// A failure of dashboard rendering that a user or operator can act on: a code that callers may switch
/// on, a message in words, and the place in Driftwatch's source that raised it.
///
/// A struct rather than an enum so that new codes can be added without breaking callers' switches.
public struct DashboardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No templates directory was found (the message names every place that was looked at).
        public static let templatesNotFound = Code(rawValue: "dashboard_templates_not_found")
        /// A template or the stylesheet is missing from the templates directory, or cannot be read.
        public static let templateMissing = Code(rawValue: "dashboard_template_missing")
        /// A template does not parse as Mustache, or the stylesheet holds text a page cannot inline.
        public static let templateSyntax = Code(rawValue: "dashboard_template_syntax")
        /// The store failed while the pages' data was read.
        public static let store = Code(rawValue: "dashboard_store_error")
        /// The alert timeline source failed.
        public static let alertSource = Code(rawValue: "dashboard_alert_source_error")
        /// A page could not be written (permissions, disk full, output path is a file …).
        public static let write = Code(rawValue: "dashboard_write_error")
        /// An option is out of range.
        public static let invalidOptions = Code(rawValue: "dashboard_invalid_options")
    }

    /// Why rendering failed.
    public var code: Code
    /// What happened and what to do about it, in one line.
    public var message: String
    /// The source file of Driftwatch that raised the error (`#fileID`).
    public var file: String
    /// The line in ``file``.
    public var line: Int

    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(message)" }
}
