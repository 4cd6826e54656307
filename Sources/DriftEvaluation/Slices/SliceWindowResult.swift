import DriftCore

/// Which reference a slice's window was compared with (API.md, "Slices").
public enum ReferenceScope: String, Sendable, Codable, Equatable {
    /// The model's whole reference.
    case model
    /// The reference rows with the segment's value.
    case segment
}

/// The `slice` member of a slice's window: `{"key": "region", "value": "eu", "reference_scope": "model"}`.
public struct SliceDescription: Sendable, Codable, Equatable {
    public var key: String
    public var value: String
    public var referenceScope: ReferenceScope

    public init(key: String, value: String, referenceScope: ReferenceScope) {
        self.key = key
        self.value = value
        self.referenceScope = referenceScope
    }

    /// The slice's name, `KEY:VALUE`.
    public var sliceKey: SliceKey { SliceKey(key: key, value: value) }

    enum CodingKeys: String, CodingKey {
        case key, value
        case referenceScope = "reference_scope"
    }
}

/// One evaluated window of one slice.
public struct SliceWindowResult: Sendable, Equatable {
    /// The slice and the reference it was compared with.
    public var slice: SliceDescription
    /// The window's result, shaped as the whole model's.
    public var window: WindowResult
    /// A digest of the rows and settings the result was computed from (``SliceFingerprint``).
    public var fingerprint: String

    public init(slice: SliceDescription, window: WindowResult, fingerprint: String) {
        self.slice = slice
        self.window = window
        self.fingerprint = fingerprint
    }
}

/// A window as `GET /v1/models/{model}/windows` answers it: the window's members and `slice`, null for
/// the whole model.
public struct SlicedWindow: Sendable, Encodable {
    public var window: WindowResult
    public var slice: SliceDescription?

    public init(window: WindowResult, slice: SliceDescription?) {
        self.window = window
        self.slice = slice
    }

    private enum CodingKeys: String, CodingKey { case slice }

    public func encode(to encoder: any Encoder) throws {
        try window.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let slice { try container.encode(slice, forKey: .slice) } else { try container.encodeNil(forKey: .slice) }
    }
}
