using System;
using System.Collections.Generic;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using static Loyalty.Sdk.Storage.Sqlite.SqliteRowWriters;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Applies change sets to SQLite inside one write transaction: every part of every change set, or none.</summary>
internal static class SqliteCommits
{
    internal static CommitStatus Commit(SqliteSession session, IReadOnlyList<LedgerChangeSet> changes)
    {
        // BEGIN IMMEDIATE takes the write lock now: the version checks and every write below are serialised with all
        // other writers, in this process and in others. Any conflict rolls the whole transaction back.
        using var transaction = session.Connection.BeginTransaction(deferred: false);
        var status = changes.Count == 1 ? Apply(session, transaction, changes[0]) : ApplyBatch(session, transaction, changes);
        if (status == CommitStatus.Committed)
        {
            transaction.Commit();
        }

        return status;
    }

    /// <summary>One change set: version, key, shared parts, the ledger rows, the account and, last, the events.</summary>
    private static CommitStatus Apply(SqliteSession session, SqliteTransaction transaction, LedgerChangeSet changes)
    {
        var state = changes.NewState;
        if (ReadVersion(session, state.ProgramId, state.MemberId) != changes.ExpectedVersion)
        {
            return CommitStatus.VersionConflict;
        }

        if (!TryWriteKey(session, changes.Idempotency))
        {
            return CommitStatus.DuplicateKey;
        }

        var shared = WriteShared(session, transaction, changes);
        if (shared != CommitStatus.Committed)
        {
            return shared;
        }

        WriteAccount(session, state);
        foreach (var entry in changes.Entries)
        {
            WriteEntry(session, entry);
        }

        foreach (var lot in changes.Lots)
        {
            WriteLot(session, lot);
        }

        if (changes.Accrual is { } accrual)
        {
            WriteAccrual(session, accrual);
        }

        if (changes.Redemption is { } redemption)
        {
            WriteRedemption(session, redemption);
        }

        // Last, so that a failure here is a failure after every ledger write: the transaction takes both back.
        foreach (var e in changes.Events)
        {
            WriteEvent(session, state.ProgramId, e);
        }

        return CommitStatus.Committed;
    }

    /// <summary>
    /// A batch (an import): each account's version is checked against the file once, and each later change set of the
    /// account must continue the versions of the earlier ones. The rows are then written table by table in key order,
    /// so that consecutive inserts land on the same B-tree pages instead of one random page each; rows a later change
    /// set rewrites (a lot, an accrual, a redemption, the account) are written once, in their last state. Stock,
    /// counts and vouchers are applied in the batch's order (their checks depend on it), and events in commit order.
    /// </summary>
    private static CommitStatus ApplyBatch(SqliteSession session, SqliteTransaction transaction, IReadOnlyList<LedgerChangeSet> changes)
    {
        var versions = new Dictionary<(ProgramId, MemberId), long>();
        var accounts = new Dictionary<(ProgramId, MemberId), AccountState>();
        var keys = new List<IdempotencyRecord>(changes.Count);
        var entries = new List<LedgerEntry>(changes.Count);
        var lots = new Dictionary<(ProgramId, MemberId, long), Lot>();
        var accruals = new Dictionary<(ProgramId, MemberId, string), OrderAccrual>();
        var redemptions = new Dictionary<(ProgramId, MemberId, IdempotencyKey), RedemptionRecord>();
        foreach (var change in changes)
        {
            var account = (change.NewState.ProgramId, change.NewState.MemberId);
            if (!versions.TryGetValue(account, out var current))
            {
                current = ReadVersion(session, account.ProgramId, account.MemberId);
            }

            if (current != change.ExpectedVersion)
            {
                return CommitStatus.VersionConflict;
            }

            var shared = WriteShared(session, transaction, change);
            if (shared != CommitStatus.Committed)
            {
                return shared;
            }

            versions[account] = change.NewState.Version;
            accounts[account] = change.NewState;
            keys.Add(change.Idempotency);
            entries.AddRange(change.Entries);
            foreach (var lot in change.Lots)
            {
                lots[(lot.ProgramId, lot.MemberId, lot.Id)] = lot;
            }

            if (change.Accrual is { } accrual)
            {
                accruals[(accrual.ProgramId, accrual.MemberId, accrual.OrderId)] = accrual;
            }

            if (change.Redemption is { } redemption)
            {
                redemptions[(redemption.ProgramId, redemption.MemberId, redemption.Key)] = redemption;
            }
        }

        keys.Sort((x, y) => CompareMember(x.ProgramId, x.MemberId, y.ProgramId, y.MemberId) is var c and not 0 ? c : string.CompareOrdinal(x.Key.Value, y.Key.Value));
        foreach (var key in keys)
        {
            if (!TryWriteKey(session, key))
            {
                return CommitStatus.DuplicateKey;
            }
        }

        entries.Sort((x, y) => CompareMember(x.ProgramId, x.MemberId, y.ProgramId, y.MemberId) is var c and not 0 ? c : x.Sequence.CompareTo(y.Sequence));
        foreach (var entry in entries)
        {
            WriteEntry(session, entry);
        }

        foreach (var lot in InKeyOrder(lots, (x, y) => x.Item3.CompareTo(y.Item3)))
        {
            WriteLot(session, lot);
        }

        foreach (var accrual in InKeyOrder(accruals, (x, y) => string.CompareOrdinal(x.Item3, y.Item3)))
        {
            WriteAccrual(session, accrual);
        }

        foreach (var redemption in InKeyOrder(redemptions, (x, y) => string.CompareOrdinal(x.Item3.Value, y.Item3.Value)))
        {
            WriteRedemption(session, redemption);
        }

        foreach (var account in InKeyOrder(accounts, (_, _) => 0))
        {
            WriteAccount(session, account);
        }

        foreach (var change in changes)
        {
            foreach (var e in change.Events)
            {
                WriteEvent(session, change.NewState.ProgramId, e);
            }
        }

        return CommitStatus.Committed;
    }

    private static int CompareMember(ProgramId p1, MemberId m1, ProgramId p2, MemberId m2) =>
        string.CompareOrdinal(p1.Value, p2.Value) is var c and not 0 ? c : string.CompareOrdinal(m1.Value, m2.Value);

    /// <summary>The values ordered by their key: program, member, then the rest of the key.</summary>
    private static List<TValue> InKeyOrder<TKey, TValue>(Dictionary<TKey, TValue> rows, Comparison<TKey> rest)
        where TKey : notnull, System.Runtime.CompilerServices.ITuple
    {
        var keys = new List<TKey>(rows.Keys);
        keys.Sort((x, y) => CompareMember((ProgramId)x[0]!, (MemberId)x[1]!, (ProgramId)y[0]!, (MemberId)y[1]!) is var c and not 0 ? c : rest(x, y));
        var ordered = new List<TValue>(keys.Count);
        foreach (var key in keys)
        {
            ordered.Add(rows[key]);
        }

        return ordered;
    }
}
