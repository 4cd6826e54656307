extension EstimateFold {
    /// Writes the fold's words (calibrated probability and predicted class per event), as gaps when sorted.
    public func archive(into writer: inout ArchiveWriter) {
        writer.words(words)
    }

    /// Reads a fold written by ``archive(into:)`` with `calibration` (the reference's).
    public init(calibration: ScoreCalibration, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init(calibration: calibration)
        words = try reader.words()
    }
}
