/// The PostgreSQL schema, versioned like the SQLite store's migrations: each runs once, in order, in its
/// own transaction, recorded by name in `driftwatch_migrations`; an advisory lock keeps two replicas
/// starting at once from running the same migration twice. Append-only.
///
/// Layout (docs/storage.md, "PostgreSQL"):
/// - `event` is partitioned by event time (`ts`, milliseconds), one partition per UTC day created on
///   first use (``PostgresStore/ensurePartitions(for:in:)``), so retention drops whole days.
/// - A unique index on a partitioned table must contain the partition key, and (model, id, version) must
///   be unique across days: `event_identity`, a plain table keyed by (model_id, event_id, version_key),
///   answers duplicates with `INSERT … ON CONFLICT DO NOTHING` before the event row is written.
/// - Labels live in `label`, keyed by (model_id, event_id): a label belongs to the request id, so it
///   joins every version of the id in any partition by that key; `pending` marks a label whose event
///   has not arrived.
enum PostgresMigrations {
    static let all: [(name: String, sql: String)] = [
        ("v1: models, references, events by day, identity, labels, change log", version1),
        ("v2: window results, evaluation cursor", version2),
        ("v3: alert state, timeline, outbox, notification log", version3),
        ("v4: slice window results, segment references, alert slices", version4),
        ("v5: per-model event and label-change counters, label change log for incremental window reads", incrementalReads),
        ("v6: persisted window states", windowStates),
    ]

    /// Persisted window states (docs/storage.md, "Persisted window states"): one archived streaming state
    /// per (model, window, slice; `''` for the whole model). The archive is stored without compression
    /// (`STORAGE EXTERNAL`): it is mostly counts and fraction words that pglz barely shrinks, and a state
    /// of a large reference is megabytes that would be compressed on every save.
    static let windowStates = """
        CREATE TABLE window_state (
            model_id BIGINT NOT NULL REFERENCES model(id),
            window_start BIGINT NOT NULL,
            slice TEXT NOT NULL,
            reference_version INTEGER NOT NULL,
            settings_fingerprint TEXT NOT NULL,
            event_sequence BIGINT NOT NULL,
            label_sequence BIGINT NOT NULL,
            saved_at BIGINT NOT NULL,
            state BYTEA NOT NULL,
            PRIMARY KEY (model_id, window_start, slice)
        );
        ALTER TABLE window_state ALTER COLUMN state SET STORAGE EXTERNAL;
        """

    /// Incremental window reads (docs/storage.md, "Incremental window reads on PostgreSQL"):
    /// - `model.event_seq` numbers a model's events and `model.label_change_seq` its label changes, each
    ///   raised under the model row lock every write transaction of the model holds to its end, so the
    ///   events (and label changes) a snapshot sees are always a prefix of the model's numbering. Existing
    ///   events keep their numbers from the old global sequence, which the counter continues from.
    /// - `label_change` logs each change of a request id's label that already has stored events, with the
    ///   label it replaced; a read joins it to the id's events (every version) by `event_identity`.
    /// - `event_by_seq` serves the read of the events stored after a number.
    static let incrementalReads = """
        ALTER TABLE model ADD COLUMN event_seq BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE model ADD COLUMN label_change_seq BIGINT NOT NULL DEFAULT 0;
        UPDATE model m SET event_seq = COALESCE((SELECT MAX(e.seq) FROM event e WHERE e.model_id = m.id), 0);
        DROP SEQUENCE event_seq;
        CREATE TABLE label_change (
            model_id BIGINT NOT NULL,
            seq BIGINT NOT NULL,
            event_id TEXT NOT NULL,
            previous_label TEXT,
            PRIMARY KEY (model_id, seq)
        );
        CREATE INDEX label_change_by_event ON label_change (model_id, event_id, seq);
        CREATE INDEX event_by_seq ON event (model_id, seq);
        """

    static let version1 = """
        CREATE TABLE model (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            latest_version INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE reference (
            model_id BIGINT NOT NULL REFERENCES model(id),
            version INTEGER NOT NULL,
            schema_json TEXT NOT NULL,
            profile BYTEA NOT NULL,
            row_count BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            performance_json TEXT,
            content_sha256 TEXT,
            PRIMARY KEY (model_id, version)
        );
        CREATE TABLE feature_slot (
            model_id BIGINT NOT NULL REFERENCES model(id),
            slot INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (model_id, slot),
            UNIQUE (model_id, name)
        );
        CREATE TABLE unexpected_feature (
            model_id BIGINT NOT NULL REFERENCES model(id),
            name TEXT NOT NULL,
            count BIGINT NOT NULL,
            PRIMARY KEY (model_id, name)
        );
        CREATE TABLE event_identity (
            model_id BIGINT NOT NULL,
            event_id TEXT NOT NULL,
            version_key TEXT NOT NULL,
            ts BIGINT NOT NULL,
            PRIMARY KEY (model_id, event_id, version_key)
        );
        CREATE INDEX event_identity_by_time ON event_identity (model_id, ts);
        CREATE SEQUENCE event_seq;
        CREATE TABLE event (
            seq BIGINT NOT NULL,
            model_id BIGINT NOT NULL,
            event_id TEXT NOT NULL,
            ts BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            features BYTEA NOT NULL,
            prediction TEXT,
            score DOUBLE PRECISION,
            model_version TEXT,
            shadow BOOLEAN NOT NULL,
            tags BYTEA,
            latency_ms DOUBLE PRECISION
        ) PARTITION BY RANGE (ts);
        CREATE INDEX event_by_time ON event (model_id, ts, seq);
        CREATE TABLE label (
            model_id BIGINT NOT NULL,
            event_id TEXT NOT NULL,
            label TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            pending BOOLEAN NOT NULL,
            PRIMARY KEY (model_id, event_id)
        );
        CREATE INDEX label_pending ON label (model_id, received_at) WHERE pending;
        CREATE TABLE change_log (
            seq BIGSERIAL PRIMARY KEY,
            model_id BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            minute BIGINT NOT NULL
        );
        CREATE INDEX change_log_by_model ON change_log (model_id, seq);
        CREATE TABLE health_probe (id BIGSERIAL PRIMARY KEY);
        """

    static let version2 = """
        CREATE TABLE window_result (
            model_id BIGINT NOT NULL REFERENCES model(id),
            window_start BIGINT NOT NULL,
            window_end BIGINT NOT NULL,
            reference_version INTEGER NOT NULL,
            partial BOOLEAN NOT NULL,
            evaluated_at BIGINT NOT NULL,
            evaluations INTEGER NOT NULL,
            result_json TEXT NOT NULL,
            PRIMARY KEY (model_id, window_start)
        );
        CREATE TABLE evaluation_cursor (
            model_id BIGINT PRIMARY KEY REFERENCES model(id),
            change_seq BIGINT NOT NULL
        );
        """

    /// Slices (API.md, "Slices"): one result per (model, slice, window); the reference rows of each value
    /// of a segment feature as a profile of their own; the slice in an alert's identity (`''` for the whole
    /// model).
    static let version4 = """
        CREATE TABLE slice_window_result (
            model_id BIGINT NOT NULL REFERENCES model(id),
            slice TEXT NOT NULL,
            reference_scope TEXT NOT NULL,
            window_start BIGINT NOT NULL,
            window_end BIGINT NOT NULL,
            reference_version INTEGER NOT NULL,
            partial BOOLEAN NOT NULL,
            evaluated_at BIGINT NOT NULL,
            evaluations INTEGER NOT NULL,
            event_count BIGINT NOT NULL,
            fingerprint TEXT NOT NULL,
            result_json TEXT NOT NULL,
            PRIMARY KEY (model_id, slice, window_start)
        );
        CREATE INDEX slice_window_result_by_window ON slice_window_result (model_id, window_start);
        CREATE TABLE reference_segment (
            model_id BIGINT NOT NULL REFERENCES model(id),
            version INTEGER NOT NULL,
            feature TEXT NOT NULL,
            value TEXT NOT NULL,
            row_count BIGINT NOT NULL,
            profile BYTEA NOT NULL,
            performance_json TEXT,
            PRIMARY KEY (model_id, version, feature, value)
        );
        ALTER TABLE alert_state ADD COLUMN slice TEXT NOT NULL DEFAULT '';
        ALTER TABLE alert_state DROP CONSTRAINT alert_state_pkey;
        ALTER TABLE alert_state ADD PRIMARY KEY (rule, model, slice, feature);
        ALTER TABLE alert_transition ADD COLUMN slice TEXT NOT NULL DEFAULT '';
        """

    static let version3 = """
        CREATE TABLE alert_state (
            rule TEXT NOT NULL,
            model TEXT NOT NULL,
            feature TEXT NOT NULL,
            state TEXT NOT NULL,
            breaches INTEGER NOT NULL,
            last_window_start BIGINT,
            last_window_end BIGINT,
            value DOUBLE PRECISION,
            baseline DOUBLE PRECISION,
            active_since BIGINT,
            fired_at BIGINT,
            resolved_at BIGINT,
            last_notified_at BIGINT,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (rule, model, feature)
        );
        CREATE TABLE alert_transition (
            id BIGSERIAL PRIMARY KEY,
            rule TEXT NOT NULL,
            model TEXT NOT NULL,
            feature TEXT NOT NULL,
            state TEXT NOT NULL,
            at BIGINT NOT NULL,
            value DOUBLE PRECISION,
            window_start BIGINT,
            window_end BIGINT
        );
        CREATE INDEX alert_transition_by_model ON alert_transition (model, at);
        CREATE TABLE outbox (
            id BIGSERIAL PRIMARY KEY,
            webhook_id TEXT NOT NULL UNIQUE,
            group_key TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            receiver TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            secret_env TEXT,
            model TEXT NOT NULL,
            rule TEXT NOT NULL,
            status TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            enqueued_at BIGINT NOT NULL,
            delivery_state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            last_attempt_at BIGINT,
            last_status INTEGER,
            last_error TEXT,
            finished_at BIGINT
        );
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivery_state = 'pending';
        CREATE INDEX outbox_by_model ON outbox (model, kind, created_at);
        CREATE INDEX outbox_pending_by_group ON outbox (group_key, receiver, id) WHERE delivery_state = 'pending';
        CREATE TABLE alert_cursor (
            model TEXT PRIMARY KEY,
            evaluated_at BIGINT NOT NULL
        );
        CREATE TABLE notification_log (
            group_key TEXT NOT NULL,
            receiver TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            webhook_id TEXT NOT NULL,
            sent_at BIGINT NOT NULL,
            PRIMARY KEY (group_key, receiver)
        );
        """
}
