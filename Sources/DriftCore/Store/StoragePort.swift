/// Everything Driftwatch keeps, as one port: ingestion, references and models, windows with their results
/// and change tracking, alert state and the outbox, retention and health. Evaluation, alerting, the
/// dashboards and the HTTP routes take `any StoragePort`; only the engines (the SQLite store in
/// DriftStore) know how it is kept.
///
/// The requirements of the parts are synchronous and blocking (callers run them on dispatch queues); the
/// ``ModelStore`` part is the async face the request handlers await, which a backend answers without
/// blocking a cooperative thread.
public protocol StoragePort:
    ModelStore, ReferenceStore, IngestionStore, WindowStore, AlertStore, SliceStore, WindowStateStore
{
    /// Where the data lives, for messages (a file path; never a password).
    var location: String { get }
    /// A folder on the store's own volume for an evaluation pass's temporary files (the SQLite file's
    /// folder), or nil when the store has no volume of its own: a pass then writes no temporary file.
    var scratchDirectory: String? { get }
    /// Deletes events with event time before `cutoff` in transactions of at most `chunkSize` rows (an
    /// engine that drops whole partitions may ignore it); returns how many.
    @discardableResult
    func deleteEvents(olderThan cutoff: Int64, chunkSize: Int) throws(StoreError) -> Int
    /// Throws unless a write would succeed now.
    func checkWritable() throws(StoreError)
    /// The bytes the store occupies.
    func fileSizeBytes() -> Int64
    /// Closes the store; later calls throw.
    func close() throws(StoreError)
    /// Runs `body` unless another process sharing the store is running work under the same `key`; nil when
    /// it is (replicas on one PostgreSQL database evaluate a model one at a time). The claim ends with
    /// `body`, or with the process that holds it. A store used by one process always runs `body`.
    func exclusively<T>(_ key: String, _ body: () -> T) throws(StoreError) -> T?
}

extension StoragePort {
    /// A store without a volume of its own (a database server): a container's temporary folder is often
    /// small and in memory, so a pass writes no temporary file and reads the store again instead.
    public var scratchDirectory: String? { nil }
}
