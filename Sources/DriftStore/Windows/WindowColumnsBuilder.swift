package import DriftCore
package import DriftStats

/// Turns encoded feature rows (``FeatureRowCodec``) into one column per schema feature: numbers with
/// NaN for missing, categories dictionary-encoded.
///
/// Each row is a single forward walk over its bytes. A slot maps through a flat array to its column;
/// values of features outside the schema are skipped without decoding; a category string is built
/// once per distinct category (``CategoryInterner``), never once per value. The columns live in two
/// flat column-major buffers pre-filled with "missing", sized from the window's row count, so a
/// value is one store at `column × capacity + row`.
package struct WindowColumnsBuilder {
    /// Where a slot's values go.
    private enum Target {
        case none
        case numeric(Int)
        case categorical(Int)
    }

    private let schema: ModelSchema
    /// Slot → column; slots beyond the end belong to no schema feature.
    private let targets: [Target]
    private let numericCount: Int
    private let categoricalCount: Int
    /// Rows each column has room for.
    private var capacity: Int
    /// Numeric columns, column-major: value (column, row) at `column * capacity + row`.
    private var numbers: [Double]
    /// Category codes, column-major like ``numbers``.
    private var codes: [Int32]
    private var interners: [CategoryInterner]
    /// Rows appended so far.
    private(set) var rowCount = 0

    /// - Parameters:
    ///   - schema: the features to build columns for, in order.
    ///   - slots: the model's feature dictionary, name → slot.
    ///   - expectedRows: the number of rows that will be appended (more are accepted, more slowly).
    package init(schema: ModelSchema, slots: [String: Int], expectedRows: Int) {
        self.schema = schema
        var targets = [Target](repeating: .none, count: (slots.values.max() ?? -1) + 1)
        var numericCount = 0
        var categoricalCount = 0
        for feature in schema.features {
            let target: Target
            switch feature.type {
            case .numeric:
                target = .numeric(numericCount)
                numericCount += 1
            case .categorical:
                target = .categorical(categoricalCount)
                categoricalCount += 1
            }
            if let slot = slots[feature.name] { targets[slot] = target }
        }
        self.targets = targets
        self.numericCount = numericCount
        self.categoricalCount = categoricalCount
        capacity = max(expectedRows, 1)
        numbers = [Double](repeating: .nan, count: numericCount * capacity)
        codes = [Int32](repeating: CategoricalColumn.missingCode, count: categoricalCount * capacity)
        interners = Array(repeating: CategoryInterner(), count: categoricalCount)
    }

    /// Adds one row; features absent from `bytes` stay missing.
    package mutating func appendRow(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        if rowCount == capacity { grow() }
        let row = rowCount
        rowCount += 1
        let capacity = capacity
        var reader = ByteReader(bytes)
        guard try reader.readByte() == FeatureRowCodec.format else {
            throw StoreError(.corruptData, "unknown feature row format")
        }
        // One exclusive access to each buffer per row, not one per value.
        try numbers.withUnsafeMutableBufferPointer { numbers throws(StoreError) in
            try codes.withUnsafeMutableBufferPointer { codes throws(StoreError) in
                while !reader.isAtEnd {
                    let slot = try reader.readCount()
                    let target = slot < targets.count ? targets[slot] : .none
                    guard let tag = FeatureRowCodec.Tag(rawValue: try reader.readByte()) else {
                        throw StoreError(.corruptData, "unknown value tag in feature row")
                    }
                    switch (tag, target) {
                    case (.number, .numeric(let column)):
                        numbers[column * capacity + row] = try reader.readDouble()
                    case (.number, .categorical(let column)):
                        let name = ScalarValue.number(try reader.readDouble()).categoryName
                        codes[column * capacity + row] =
                            name.map { interners[column].code(for: $0) } ?? CategoricalColumn.missingCode
                    case (.number, .none):
                        try reader.skip(8)
                    case (.string, .categorical(let column)):
                        codes[column * capacity + row] = interners[column].code(utf8: try reader.readBytes())
                    case (.string, _):
                        // A string is not a number (``ScalarValue/numericValue``): the value stays missing.
                        try reader.skipBytes()
                    case (.trueValue, .numeric(let column)), (.falseValue, .numeric(let column)):
                        numbers[column * capacity + row] = tag == .trueValue ? 1 : 0
                    case (.trueValue, .categorical(let column)), (.falseValue, .categorical(let column)):
                        codes[column * capacity + row] = interners[column].code(
                            for: tag == .trueValue ? "true" : "false")
                    case (.null, .numeric(let column)):
                        numbers[column * capacity + row] = .nan
                    case (.null, .categorical(let column)):
                        codes[column * capacity + row] = CategoricalColumn.missingCode
                    case (.trueValue, .none), (.falseValue, .none), (.null, .none):
                        break
                    }
                }
            }
        }
    }

    /// The finished columns, one per schema feature, in schema order, each ``rowCount`` long.
    package func columns() -> [ColumnValues] {
        var numericIndex = 0
        var categoricalIndex = 0
        return schema.features.map { feature in
            switch feature.type {
            case .numeric:
                defer { numericIndex += 1 }
                let start = numericIndex * capacity
                return .numeric(Array(numbers[start..<(start + rowCount)]))
            case .categorical:
                defer { categoricalIndex += 1 }
                let start = categoricalIndex * capacity
                return .categorical(
                    CategoricalColumn(
                        categories: interners[categoricalIndex].categories,
                        codes: Array(codes[start..<(start + rowCount)])))
            }
        }
    }

    /// Empties the builder for the next rows, keeping its buffers (a chunked read's builders take one chunk
    /// after another; more rows than before grow them, as ``appendRow(_:)`` does): the rows used so far are
    /// set back to missing, and the categories are forgotten, so the columns are those a new builder gives.
    package mutating func reset() {
        let (used, capacity) = (rowCount, capacity)
        numbers.withUnsafeMutableBufferPointer { numbers in
            for column in 0..<numericCount {
                UnsafeMutableBufferPointer(rebasing: numbers[(column * capacity)..<(column * capacity + used)])
                    .update(repeating: .nan)
            }
        }
        codes.withUnsafeMutableBufferPointer { codes in
            for column in 0..<categoricalCount {
                UnsafeMutableBufferPointer(rebasing: codes[(column * capacity)..<(column * capacity + used)])
                    .update(repeating: CategoricalColumn.missingCode)
            }
        }
        interners = Array(repeating: CategoryInterner(), count: categoricalCount)
        rowCount = 0
    }

    /// Lends the rows appended to numeric column `index` (the `index`-th numeric feature of the schema).
    package func withNumbers<Result>(ofColumn index: Int, _ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        let start = index * capacity
        return numbers.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + rowCount)])) }
    }

    /// Lends the codes appended to categorical column `index` (the `index`-th categorical feature).
    package func withCodes<Result>(ofColumn index: Int, _ body: (UnsafeBufferPointer<Int32>) -> Result) -> Result {
        let start = index * capacity
        return codes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + rowCount)])) }
    }

    /// The categories of categorical column `index`, in order of their codes.
    package func categories(ofColumn index: Int) -> [String] {
        interners[index].categories
    }

    /// Doubles the room of every column, moving each to its new place.
    private mutating func grow() {
        let newCapacity = capacity * 2
        var newNumbers = [Double](repeating: .nan, count: numericCount * newCapacity)
        var newCodes = [Int32](repeating: CategoricalColumn.missingCode, count: categoricalCount * newCapacity)
        for column in 0..<numericCount {
            newNumbers[(column * newCapacity)..<(column * newCapacity + rowCount)] =
                numbers[(column * capacity)..<(column * capacity + rowCount)]
        }
        for column in 0..<categoricalCount {
            newCodes[(column * newCapacity)..<(column * newCapacity + rowCount)] =
                codes[(column * capacity)..<(column * capacity + rowCount)]
        }
        numbers = newNumbers
        codes = newCodes
        capacity = newCapacity
    }
}
