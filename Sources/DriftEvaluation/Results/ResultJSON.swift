public import Foundation

/// The JSON form of window statistics. A statistic over extreme values can overflow (a mean of ∞);
/// JSON has no word for that, so such a value is written as the string `"Infinity"`, `"-Infinity"` or
/// `"NaN"` rather than failing the evaluation.
public enum ResultJSON {
    static let infinity = "Infinity"
    static let negativeInfinity = "-Infinity"
    static let nan = "NaN"

    /// An encoder for results and statistics: sorted keys, non-finite numbers as strings.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: infinity, negativeInfinity: negativeInfinity, nan: nan)
        return encoder
    }

    /// The decoder matching ``encoder``.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: infinity, negativeInfinity: negativeInfinity, nan: nan)
        return decoder
    }
}
