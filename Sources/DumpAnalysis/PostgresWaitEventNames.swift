/// The names PostgreSQL gives its wait events (`pg_stat_activity.wait_event`), per release whose
/// numbering is known: the events are enums numbered in declaration order within their class
/// (src/include/utils/wait_event.h), and releases insert events, so each release has its own
/// table. Classes whose events name nothing (BufferPin, Extension) and the Lock class, whose
/// events are lock tag types, are named in ``PostgresWaitEvent``.
///
/// Adding a release: run a backend of it and print `pgstat_get_wait_event(class << 24 | id)`
/// for each class and id from 0 until it answers `unknown wait event` (gdb's `call` on a live
/// backend); docs/wait-signatures.md says how.
struct PostgresWaitEventNames: Sendable {
    /// LWLock names by tranche id: the individual LWLocks, then the built-in tranches.
    /// Higher ids are tranches extensions register (`extension` in pg_stat_activity).
    var lwLocks: [String]
    /// Activity: background processes waiting for work.
    var activity: [String]
    /// Client: waiting for the client.
    var client: [String]
    /// IPC: waiting for another process.
    var ipc: [String]
    /// Timeout.
    var timeout: [String]
    /// IO.
    var io: [String]

    /// The name of event `id` of `waitClass`, nil when the table has none. LWLock tranches past
    /// the table are `extension`, as PostgreSQL names tranches it has no name for.
    func name(of waitClass: PostgresWaitEvent.WaitClass, id: UInt16) -> String? {
        let names: [String]
        switch waitClass {
        case .lwLock:
            guard Int(id) < lwLocks.count else { return "extension" }
            names = lwLocks
        case .activity: names = activity
        case .client: names = client
        case .ipc: names = ipc
        case .timeout: names = timeout
        case .io: names = io
        case .lock, .bufferPin, .extensionDefined: return nil
        }
        return Int(id) < names.count ? names[Int(id)] : nil
    }

    /// PostgreSQL 15, as `pgstat_get_wait_event` of Debian's 15.18 names every id.
    static let release15 = PostgresWaitEventNames(
        lwLocks: [
        "<unassigned:0>", "ShmemIndex", "OidGen", "XidGen", "ProcArray", "SInvalRead", "SInvalWrite",
        "WALBufMapping", "WALWrite", "ControlFile", "<unassigned:10>", "XactSLRU", "SubtransSLRU",
        "MultiXactGen", "MultiXactOffsetSLRU", "MultiXactMemberSLRU", "RelCacheInit", "CheckpointerComm",
        "TwoPhaseState", "TablespaceCreate", "BtreeVacuum", "AddinShmemInit", "Autovacuum",
        "AutovacuumSchedule", "SyncScan", "RelationMapping", "NotifySLRU", "NotifyQueue",
        "SerializableXactHash", "SerializableFinishedList", "SerializablePredicateList", "SerialSLRU",
        "SyncRep", "BackgroundWorker", "DynamicSharedMemoryControl", "AutoFile",
        "ReplicationSlotAllocation", "ReplicationSlotControl", "CommitTsSLRU", "CommitTs",
        "ReplicationOrigin", "MultiXactTruncation", "OldSnapshotTimeMap", "LogicalRepWorker",
        "XactTruncation", "<unassigned:45>", "WrapLimitsVacuum", "NotifyQueueTail", "XactBuffer",
        "CommitTsBuffer", "SubtransBuffer", "MultiXactOffsetBuffer", "MultiXactMemberBuffer",
        "NotifyBuffer", "SerialBuffer", "WALInsert", "BufferContent", "ReplicationOriginState",
        "ReplicationSlotIO", "LockFastPath", "BufferMapping", "LockManager", "PredicateLockManager",
        "ParallelHashJoin", "ParallelQueryDSA", "PerSessionDSA", "PerSessionRecordType",
        "PerSessionRecordTypmod", "SharedTupleStore", "SharedTidBitmap", "ParallelAppend",
        "PerXactPredicateList", "PgStatsDSA", "PgStatsHash", "PgStatsData",
        ],
        activity: [
        "ArchiverMain", "AutoVacuumMain", "BgWriterHibernate", "BgWriterMain", "CheckpointerMain",
        "LogicalApplyMain", "LogicalLauncherMain", "RecoveryWalStream", "SysLoggerMain", "WalReceiverMain",
        "WalSenderMain", "WalWriterMain",
        ],
        client: [
        "ClientRead", "ClientWrite", "GSSOpenServer", "LibPQWalReceiverConnect", "LibPQWalReceiverReceive",
        "SSLOpenServer", "WalSenderWaitForWAL", "WalSenderWriteData",
        ],
        ipc: [
        "AppendReady", "ArchiveCleanupCommand", "ArchiveCommand", "BackendTermination",
        "BackupWaitWalArchive", "BgWorkerShutdown", "BgWorkerStartup", "BtreePage", "BufferIO",
        "CheckpointDone", "CheckpointStart", "ExecuteGather", "HashBatchAllocate", "HashBatchElect",
        "HashBatchLoad", "HashBuildAllocate", "HashBuildElect", "HashBuildHashInner", "HashBuildHashOuter",
        "HashGrowBatchesAllocate", "HashGrowBatchesDecide", "HashGrowBatchesElect",
        "HashGrowBatchesFinish", "HashGrowBatchesRepartition", "HashGrowBucketsAllocate",
        "HashGrowBucketsElect", "HashGrowBucketsReinsert", "LogicalSyncData", "LogicalSyncStateChange",
        "MessageQueueInternal", "MessageQueuePutMessage", "MessageQueueReceive", "MessageQueueSend",
        "ParallelBitmapScan", "ParallelCreateIndexScan", "ParallelFinish", "ProcArrayGroupUpdate",
        "ProcSignalBarrier", "Promote", "RecoveryConflictSnapshot", "RecoveryConflictTablespace",
        "RecoveryEndCommand", "RecoveryPause", "ReplicationOriginDrop", "ReplicationSlotDrop",
        "RestoreCommand", "SafeSnapshot", "SyncRep", "WalReceiverExit", "WalReceiverWaitStart",
        "XactGroupUpdate",
        ],
        timeout: [
        "BaseBackupThrottle", "CheckpointWriteDelay", "PgSleep", "RecoveryApplyDelay",
        "RecoveryRetrieveRetryInterval", "RegisterSyncRequest", "VacuumDelay", "VacuumTruncate",
        ],
        io: [
        "BaseBackupRead", "BaseBackupSync", "BaseBackupWrite", "BufFileRead", "BufFileWrite",
        "BufFileTruncate", "ControlFileRead", "ControlFileSync", "ControlFileSyncUpdate",
        "ControlFileWrite", "ControlFileWriteUpdate", "CopyFileRead", "CopyFileWrite", "DataFileExtend",
        "DataFileFlush", "DataFileImmediateSync", "DataFilePrefetch", "DataFileRead", "DataFileSync",
        "DataFileTruncate", "DataFileWrite", "DSMFillZeroWrite", "LockFileAddToDataDirRead",
        "LockFileAddToDataDirSync", "LockFileAddToDataDirWrite", "LockFileCreateRead",
        "LockFileCreateSync", "LockFileCreateWrite", "LockFileReCheckDataDirRead",
        "LogicalRewriteCheckpointSync", "LogicalRewriteMappingSync", "LogicalRewriteMappingWrite",
        "LogicalRewriteSync", "LogicalRewriteTruncate", "LogicalRewriteWrite", "RelationMapRead",
        "RelationMapSync", "RelationMapWrite", "ReorderBufferRead", "ReorderBufferWrite",
        "ReorderLogicalMappingRead", "ReplicationSlotRead", "ReplicationSlotRestoreSync",
        "ReplicationSlotSync", "ReplicationSlotWrite", "SLRUFlushSync", "SLRURead", "SLRUSync",
        "SLRUWrite", "SnapbuildRead", "SnapbuildSync", "SnapbuildWrite", "TimelineHistoryFileSync",
        "TimelineHistoryFileWrite", "TimelineHistoryRead", "TimelineHistorySync", "TimelineHistoryWrite",
        "TwophaseFileRead", "TwophaseFileSync", "TwophaseFileWrite", "VersionFileWrite",
        "WALSenderTimelineHistoryRead", "WALBootstrapSync", "WALBootstrapWrite", "WALCopyRead",
        "WALCopySync", "WALCopyWrite", "WALInitSync", "WALInitWrite", "WALRead", "WALSync",
        "WALSyncMethodAssign", "WALWrite", "VersionFileSync",
        ])
}
