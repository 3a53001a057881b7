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
        // A new program is numbered in a transaction of its own, before the commit's (see SqliteSession.ProgramNumber).
        foreach (var change in changes)
        {
            session.ProgramNumber(change.NewState.ProgramId);
        }

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
        var program = session.ProgramNumber(state.ProgramId);
        var (version, account) = ReadVersion(session, program, state.MemberId);
        if (version != changes.ExpectedVersion)
        {
            return CommitStatus.VersionConflict;
        }

        if (account == 0)
        {
            account = NextAccountNumber(session);
        }

        if (!TryWriteKey(session, account, changes.Idempotency))
        {
            return CommitStatus.DuplicateKey;
        }

        var shared = WriteShared(session, transaction, changes);
        if (shared != CommitStatus.Committed)
        {
            return shared;
        }

        WriteAccount(session, program, account, state);
        foreach (var entry in changes.Entries)
        {
            WriteEntry(session, program, account, entry);
        }

        foreach (var lot in changes.Lots)
        {
            WriteLot(session, account, lot);
        }

        if (changes.Accrual is { } accrual)
        {
            // A new accrual is inserted only if absent: a decision on an unverified load did not look for one.
            if (!changes.AccrualIsNew)
            {
                WriteAccrual(session, account, accrual);
            }
            else if (!TryInsertAccrual(session, account, accrual))
            {
                return CommitStatus.DuplicateKey;
            }
        }

        if (changes.Redemption is { } redemption)
        {
            WriteRedemption(session, account, redemption);
        }

        // Last, so that a failure here is a failure after every ledger write: the transaction takes both back.
        foreach (var e in changes.Events)
        {
            WriteEvent(session, program, state.ProgramId, e);
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
        var accounts = new Dictionary<(ProgramId, MemberId), (long Version, long Number, long Program, AccountState State)>();
        var nextNumber = 0L;
        var keys = new List<(long Account, IdempotencyRecord Record)>(changes.Count);
        var entries = new List<(long Program, long Account, LedgerEntry Entry)>(changes.Count);
        var lots = new Dictionary<(long, long), Lot>();
        var accruals = new Dictionary<(long, string), OrderAccrual>();
        var redemptions = new Dictionary<(long, string), RedemptionRecord>();
        foreach (var change in changes)
        {
            var member = (change.NewState.ProgramId, change.NewState.MemberId);
            if (!accounts.TryGetValue(member, out var current))
            {
                var program = session.ProgramNumber(member.ProgramId);
                var (version, number) = ReadVersion(session, program, member.MemberId);
                if (number == 0)
                {
                    nextNumber = nextNumber == 0 ? NextAccountNumber(session) : nextNumber;
                    number = nextNumber++;
                }

                current = (version, number, program, change.NewState);
            }

            if (current.Version != change.ExpectedVersion)
            {
                return CommitStatus.VersionConflict;
            }

            var shared = WriteShared(session, transaction, change);
            if (shared != CommitStatus.Committed)
            {
                return shared;
            }

            var account = current.Number;
            accounts[member] = (change.NewState.Version, account, current.Program, change.NewState);
            keys.Add((account, change.Idempotency));
            foreach (var entry in change.Entries)
            {
                entries.Add((current.Program, account, entry));
            }

            foreach (var lot in change.Lots)
            {
                lots[(account, lot.Id)] = lot;
            }

            if (change.Accrual is { } accrual)
            {
                accruals[(account, accrual.OrderId)] = accrual;
            }

            if (change.Redemption is { } redemption)
            {
                redemptions[(account, redemption.Key.Value)] = redemption;
            }
        }

        // Insert-only rows and upserts alike go many rows to a statement (SqliteMultiRow).
        keys.Sort((x, y) => x.Account.CompareTo(y.Account) is var c and not 0 ? c : string.CompareOrdinal(x.Record.Key.Value, y.Record.Key.Value));
        if (!TryWriteKeys(session, keys))
        {
            return CommitStatus.DuplicateKey;
        }

        entries.Sort((x, y) => x.Account.CompareTo(y.Account) is var c and not 0 ? c : x.Entry.Sequence.CompareTo(y.Entry.Sequence));
        WriteEntries(session, entries);
        WriteLots(session, InKeyOrder(lots, static (x, y) => x.Item1.CompareTo(y.Item1) is var c and not 0 ? c : x.Item2.CompareTo(y.Item2)).ConvertAll(r => (r.Key.Item1, r.Value)));
        WriteAccruals(session, InKeyOrder(accruals, static (x, y) => x.Item1.CompareTo(y.Item1) is var c and not 0 ? c : string.CompareOrdinal(x.Item2, y.Item2)).ConvertAll(r => (r.Key.Item1, r.Value)));

        foreach (var ((account, _), redemption) in InKeyOrder(redemptions, static (x, y) => x.Item1.CompareTo(y.Item1) is var c and not 0 ? c : string.CompareOrdinal(x.Item2, y.Item2)))
        {
            WriteRedemption(session, account, redemption);
        }

        foreach (var (_, (_, number, program, state)) in InKeyOrder(accounts, static (x, y) => string.CompareOrdinal(x.Item1.Value, y.Item1.Value) is var c and not 0 ? c : string.CompareOrdinal(x.Item2.Value, y.Item2.Value)))
        {
            WriteAccount(session, program, number, state);
        }

        foreach (var change in changes)
        {
            var program = accounts[(change.NewState.ProgramId, change.NewState.MemberId)].Program;
            foreach (var e in change.Events)
            {
                WriteEvent(session, program, change.NewState.ProgramId, e);
            }
        }

        return CommitStatus.Committed;
    }

    /// <summary>The rows ordered by their key (the table's key order, so that consecutive writes share pages).</summary>
    private static List<KeyValuePair<TKey, TValue>> InKeyOrder<TKey, TValue>(Dictionary<TKey, TValue> rows, Comparison<TKey> order)
        where TKey : notnull
    {
        var ordered = new List<KeyValuePair<TKey, TValue>>(rows);
        ordered.Sort((x, y) => order(x.Key, y.Key));
        return ordered;
    }
}
