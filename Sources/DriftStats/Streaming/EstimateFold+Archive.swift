extension EstimateFold {
    /// Writes the fold's words (calibrated probability and predicted class per event).
    public func archive(into writer: inout ArchiveWriter) {
        writer.count(words.count)
        for word in words { writer.uint64(word) }
    }

    /// Reads a fold written by ``archive(into:)`` with `calibration` (the reference's).
    public init(calibration: ScoreCalibration, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init(calibration: calibration)
        let count = try reader.count(limit: reader.remaining / 8)
        words.reserveCapacity(count)
        for _ in 0..<count { words.append(try reader.uint64()) }
    }
}
