import GRDB

/// The store's schema, built by GRDB's `DatabaseMigrator`: each migration runs once per file, in
/// order, inside its own transaction, and is recorded in `grdb_migrations`.
///
/// Migrations are append-only: never edit one that has shipped, add the next instead.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: models, references, events, labels") { db in
            try db.execute(sql: version1)
        }
        migrator.registerMigration("v2: window results, evaluation cursor, reference performance") { db in
            try db.execute(sql: version2)
        }
        migrator.registerMigration("v3: alert state, alert timeline, outbox, notification log") { db in
            try db.execute(sql: version3)
        }
        migrator.registerMigration("v4: outbox index of pending notifications by group and receiver") { db in
            try db.execute(sql: version4)
        }
        migrator.registerMigration("v5: reference content hash") { db in
            try db.execute(sql: version5)
        }
        migrator.registerMigration("v6: event identity (model, id, version), shadow and tags") { db in
            try db.execute(sql: version6)
        }
        migrator.registerMigration("v7: event serving latency") { db in
            try db.execute(sql: version7)
        }
        migrator.registerMigration("v8: slice window results, segment references, alert slices") { db in
            try db.execute(sql: version8)
        }
        migrator.registerMigration("v9: label changes for incremental evaluation") { db in
            try db.execute(sql: labelChanges)
        }
        migrator.registerMigration("v10: persisted window states") { db in
            try db.execute(sql: windowStates)
        }
        return migrator
    }

    /// Slices (API.md, "Slices"): one result per (model, slice, window) beside the whole model's
    /// `window_result`; the reference rows of each value of a categorical feature prepared as a profile of
    /// their own (a segment's reference); and the slice in an alert's identity (`''` for the whole model),
    /// which needs `alert_state` rebuilt with the slice in its primary key.
    static let version8 = """
        CREATE TABLE slice_window_result (
            model_id INTEGER NOT NULL REFERENCES model(id),
            slice TEXT NOT NULL,
            reference_scope TEXT NOT NULL,
            window_start INTEGER NOT NULL,
            window_end INTEGER NOT NULL,
            reference_version INTEGER NOT NULL,
            partial INTEGER NOT NULL,
            evaluated_at INTEGER NOT NULL,
            evaluations INTEGER NOT NULL,
            event_count INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            result_json TEXT NOT NULL,
            PRIMARY KEY (model_id, slice, window_start)
        ) WITHOUT ROWID;
        CREATE INDEX slice_window_result_by_window ON slice_window_result(model_id, window_start);
        CREATE TABLE reference_segment (
            model_id INTEGER NOT NULL REFERENCES model(id),
            version INTEGER NOT NULL,
            feature TEXT NOT NULL,
            value TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            profile BLOB NOT NULL,
            performance_json TEXT,
            PRIMARY KEY (model_id, version, feature, value)
        ) WITHOUT ROWID;
        CREATE TABLE alert_state_sliced (
            rule TEXT NOT NULL,
            model TEXT NOT NULL,
            slice TEXT NOT NULL DEFAULT '',
            feature TEXT NOT NULL,
            state TEXT NOT NULL,
            breaches INTEGER NOT NULL,
            last_window_start INTEGER,
            last_window_end INTEGER,
            value REAL,
            baseline REAL,
            active_since INTEGER,
            fired_at INTEGER,
            resolved_at INTEGER,
            last_notified_at INTEGER,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (rule, model, slice, feature)
        ) WITHOUT ROWID;
        INSERT INTO alert_state_sliced (rule, model, slice, feature, state, breaches, last_window_start,
            last_window_end, value, baseline, active_since, fired_at, resolved_at, last_notified_at, updated_at)
        SELECT rule, model, '', feature, state, breaches, last_window_start, last_window_end, value, baseline,
            active_since, fired_at, resolved_at, last_notified_at, updated_at FROM alert_state;
        DROP TABLE alert_state;
        ALTER TABLE alert_state_sliced RENAME TO alert_state;
        ALTER TABLE alert_transition ADD COLUMN slice TEXT NOT NULL DEFAULT '';
        """

    /// Slices (API.md, "Slices: model versions and segments").
    ///
    /// - An event is (model, id, model_version): the same id under a primary and a shadow version is two
    ///   events. `event_by_id` is replaced by a unique index on (model_id, event_id, version), the version
    ///   written as `COALESCE(model_version, '')` because SQLite treats NULLs in a unique index as distinct,
    ///   which would let an id without a version be stored twice. Its (model_id, event_id) prefix still
    ///   serves the label join, which now reaches every version of an id (fan-out).
    /// - `shadow` (0/1) and `tags` (a ``TagCodec`` blob, NULL when the event has none) are new columns;
    ///   existing rows get 0 and NULL, which is what they meant. Existing rows were unique on (model, id),
    ///   so they are unique on the wider key and the new index always builds.
    static let version6 = """
        DROP INDEX event_by_id;
        CREATE UNIQUE INDEX event_by_id_version ON event(model_id, event_id, COALESCE(model_version, ''));
        ALTER TABLE event ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE event ADD COLUMN tags BLOB;
        """

    /// The serving latency an event reported (`latency_ms`, milliseconds, finite and ≥ 0), NULL when it
    /// reported none (and for every event stored before). A nullable column without a default: SQLite adds
    /// it without rewriting the table, so a large store migrates instantly.
    static let version7 = """
        ALTER TABLE event ADD COLUMN latency_ms REAL;
        """

    /// Label changes, so that an incremental evaluation pass updates the performance of a window it keeps
    /// in memory with only the labels that changed (``SQLiteStore/forEachWindowChunk``): a trigger logs
    /// every change of an event's label with the label it replaced, numbered in order. The label join
    /// itself is unchanged.
    static let labelChanges = """
        CREATE TABLE label_change (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            model_id INTEGER NOT NULL,
            event_seq INTEGER NOT NULL,
            previous_label BLOB
        );
        CREATE INDEX label_change_by_event ON label_change(event_seq, seq);
        CREATE TRIGGER event_label_change AFTER UPDATE OF label ON event
        WHEN OLD.label IS NOT NEW.label
        BEGIN
            INSERT INTO label_change (model_id, event_seq, previous_label) VALUES (NEW.model_id, NEW.seq, OLD.label);
        END;
        """

    /// The SHA-256 of each reference upload's bytes, so that a retried upload of the same bytes answers
    /// the version it already made instead of adding an identical one. Older versions have none.
    static let version5 = """
        ALTER TABLE reference ADD COLUMN content_sha256 TEXT;
        """

    /// The first schema.
    ///
    /// - `model` carries the ingestion counters, updated in the same transaction as the rows they
    ///   count, so `GET /v1/models` never scans events.
    /// - `event` rows are clustered by `seq` (arrival order, which is nearly event-time order); the
    ///   index `(model_id, ts)` serves window reads and retention, the unique index
    ///   `(model_id, event_id)` rejects duplicates and joins labels. `features` is a
    ///   ``FeatureRowCodec`` blob. `prediction` and `label` are declared `BLOB`, the affinity that
    ///   never converts, so numbers, strings and booleans keep their storage class (``StoredScalar``).
    /// - `pending_label` keeps labels whose event has not arrived; the event takes its label when it
    ///   is inserted.
    /// - `feature_slot` numbers each feature name of a model for the event blobs.
    /// - `change_log` records, per write transaction, the minutes of event time it touched.
    static let version1 = """
        CREATE TABLE model (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            latest_version INTEGER NOT NULL DEFAULT 0,
            event_count INTEGER NOT NULL DEFAULT 0,
            labelled_count INTEGER NOT NULL DEFAULT 0,
            pending_label_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE reference (
            id INTEGER PRIMARY KEY,
            model_id INTEGER NOT NULL REFERENCES model(id),
            version INTEGER NOT NULL,
            schema_json TEXT NOT NULL,
            profile BLOB NOT NULL,
            row_count INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (model_id, version)
        );
        CREATE TABLE feature_slot (
            model_id INTEGER NOT NULL REFERENCES model(id),
            slot INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (model_id, slot),
            UNIQUE (model_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE event (
            seq INTEGER PRIMARY KEY,
            model_id INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            ts INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            features BLOB NOT NULL,
            prediction BLOB,
            score REAL,
            label BLOB,
            model_version TEXT
        );
        CREATE UNIQUE INDEX event_by_id ON event(model_id, event_id);
        CREATE INDEX event_by_time ON event(model_id, ts);
        CREATE TABLE pending_label (
            model_id INTEGER NOT NULL REFERENCES model(id),
            event_id TEXT NOT NULL,
            label BLOB NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (model_id, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX pending_label_by_arrival ON pending_label(received_at);
        CREATE TABLE unexpected_feature (
            model_id INTEGER NOT NULL REFERENCES model(id),
            name TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (model_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            model_id INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            minute INTEGER NOT NULL
        );
        CREATE INDEX change_log_by_model ON change_log(model_id, seq);
        CREATE TABLE health_probe (id INTEGER PRIMARY KEY);
        """

    /// Window evaluation.
    ///
    /// - `reference.performance_json` is the reference's own performance (a `PerformanceMetrics`
    ///   JSON object), the baseline windows are compared with; NULL when the reference has no labels.
    /// - `window_result` holds one evaluated window per (model, window start): the bookkeeping in
    ///   columns and the statistics as a JSON object. Re-evaluating a window replaces the JSON and
    ///   counts up `evaluations`. A rowid table, since the JSON of a wide model is kilobytes.
    ///   `window_result_partial` finds the windows evaluated while still open.
    /// - `evaluation_cursor` is, per model, the change-log position up to which the evaluator has seen
    ///   the touched windows, so a restart does not re-evaluate windows whose data did not change.
    static let version2 = """
        ALTER TABLE reference ADD COLUMN performance_json TEXT;
        CREATE TABLE window_result (
            model_id INTEGER NOT NULL REFERENCES model(id),
            window_start INTEGER NOT NULL,
            window_end INTEGER NOT NULL,
            reference_version INTEGER NOT NULL,
            partial INTEGER NOT NULL,
            evaluated_at INTEGER NOT NULL,
            evaluations INTEGER NOT NULL,
            result_json TEXT NOT NULL,
            PRIMARY KEY (model_id, window_start)
        );
        CREATE INDEX window_result_partial ON window_result(model_id, window_start) WHERE partial = 1;
        CREATE TABLE evaluation_cursor (
            model_id INTEGER PRIMARY KEY REFERENCES model(id),
            change_seq INTEGER NOT NULL
        );
        """

    /// Alerting.
    ///
    /// - `alert_state` holds one row per (rule, model, feature) that has ever breached: where the state
    ///   machine stands and the last window it consumed. `feature` is `''` for model-level metrics.
    /// - `alert_transition` is the timeline (pending, firing, resolved, inactive), for the dashboards and
    ///   `GET /v1/alerts`.
    /// - `outbox` holds every notification to send, written in the same transaction as the state change
    ///   that caused it; the delivery service sends what is `pending` and due, and records the outcome
    ///   (`delivered`, or `dead` after a non-retryable answer or `max_delivery_age`). `body` is the exact
    ///   JSON text that is signed and sent, so every retry sends the same bytes under the same `webhook_id`.
    ///   `created_at` is evaluation time (the injected clock); `enqueued_at` and `next_attempt_at` are
    ///   wall-clock time, which delivery runs on.
    /// - `alert_cursor` is, per model, the `evaluated_at` of the newest window result the alerter has
    ///   consumed; the next pass reads the complete windows evaluated at or after it.
    /// - `notification_log` remembers, per (group, receiver), the last notification delivered, so a
    ///   notification with the same content is not sent twice (written only after a successful send).
    static let version3 = """
        CREATE TABLE alert_state (
            rule TEXT NOT NULL,
            model TEXT NOT NULL,
            feature TEXT NOT NULL,
            state TEXT NOT NULL,
            breaches INTEGER NOT NULL,
            last_window_start INTEGER,
            last_window_end INTEGER,
            value REAL,
            baseline REAL,
            active_since INTEGER,
            fired_at INTEGER,
            resolved_at INTEGER,
            last_notified_at INTEGER,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (rule, model, feature)
        ) WITHOUT ROWID;
        CREATE TABLE alert_transition (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rule TEXT NOT NULL,
            model TEXT NOT NULL,
            feature TEXT NOT NULL,
            state TEXT NOT NULL,
            at INTEGER NOT NULL,
            value REAL,
            window_start INTEGER,
            window_end INTEGER
        );
        CREATE INDEX alert_transition_by_model ON alert_transition(model, at);
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
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
            created_at INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            delivery_state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_attempt_at INTEGER,
            last_status INTEGER,
            last_error TEXT,
            finished_at INTEGER
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE delivery_state = 'pending';
        CREATE INDEX outbox_by_model ON outbox(model, kind, created_at);
        CREATE TABLE alert_cursor (
            model TEXT PRIMARY KEY,
            evaluated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE notification_log (
            group_key TEXT NOT NULL,
            receiver TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            webhook_id TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            PRIMARY KEY (group_key, receiver)
        ) WITHOUT ROWID;
        """

    /// Delivery order.
    ///
    /// - `outbox_pending_by_group` finds, for a pending notification, an older pending one of the same
    ///   (group, receiver): only the oldest is due, so that one group's notifications reach a receiver in
    ///   order. Without it that check scans every pending row: on a 100,000-row outbox with 10,000 pending
    ///   notifications, one look at the outbox took over a second, and about 10 ms with it (SQLite 3 through
    ///   Python's sqlite3 module, on the 2-core development machine).
    static let version4 = """
        CREATE INDEX outbox_pending_by_group ON outbox(group_key, receiver, id) WHERE delivery_state = 'pending';
        """

    /// Persisted window states (docs/storage.md, "Persisted window states"): one archived streaming state
    /// per (model, window, slice; `''` for the whole model), with the reference version, settings digest
    /// and store positions it was folded up to. A rowid table, not `WITHOUT ROWID`: a state of a large
    /// reference is megabytes, which SQLite keeps best in overflow pages of a rowid table.
    static let windowStates = """
        CREATE TABLE window_state (
            model_id INTEGER NOT NULL REFERENCES model(id),
            window_start INTEGER NOT NULL,
            slice TEXT NOT NULL,
            reference_version INTEGER NOT NULL,
            settings_fingerprint TEXT NOT NULL,
            event_sequence INTEGER NOT NULL,
            label_sequence INTEGER NOT NULL,
            saved_at INTEGER NOT NULL,
            state BLOB NOT NULL,
            UNIQUE (model_id, window_start, slice)
        );
        """
}
