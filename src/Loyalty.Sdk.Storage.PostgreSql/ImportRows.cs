using System;
using System.Collections.Generic;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>
/// A batch of change sets as the rows <see cref="PostgreSqlImport"/> copies: each account once with the version the
/// batch expects to find and its last state; keys and entries as they are; lots, accruals and redemptions once, in
/// their last state; events in commit order. Rows are in key order, so that each index is filled page by page.
/// </summary>
internal sealed class ImportRows
{
    private ImportRows()
    {
    }

    /// <summary>Gets a value indicating whether a change set of the batch does not continue the account's earlier one.</summary>
    public bool Conflict { get; private init; }

    public List<(long Expected, AccountState State)> Accounts { get; } = [];

    /// <summary>Gets the number of accounts the batch expects to exist already (each must match its version).</summary>
    public int ExistingAccounts { get; private set; }

    /// <summary>Gets the change sets with stock, a count or a claim, in the batch's order.</summary>
    public List<LedgerChangeSet> Shared { get; } = [];

    public List<IdempotencyRecord> Keys { get; } = [];

    public List<LedgerEntry> Entries { get; } = [];

    public List<Lot> Lots { get; } = [];

    public List<OrderAccrual> Accruals { get; } = [];

    public List<RedemptionRecord> Redemptions { get; } = [];

    public List<(ProgramId ProgramId, MemberId MemberId, LoyaltyEvent Event)> Events { get; } = [];

    public static ImportRows Coalesce(IReadOnlyList<LedgerChangeSet> changes)
    {
        var accounts = new Dictionary<(string, string), (long Expected, long Version, AccountState State)>();
        var lots = new Dictionary<(string, string, long), Lot>();
        var accruals = new Dictionary<(string, string, string), OrderAccrual>();
        var redemptions = new Dictionary<(string, string, string), RedemptionRecord>();
        var rows = new ImportRows();
        foreach (var change in changes)
        {
            var state = change.NewState;
            var member = (state.ProgramId.Value, state.MemberId.Value);
            if (accounts.TryGetValue(member, out var earlier))
            {
                if (earlier.Version != change.ExpectedVersion)
                {
                    return new ImportRows { Conflict = true };
                }

                accounts[member] = (earlier.Expected, state.Version, state);
            }
            else
            {
                accounts[member] = (change.ExpectedVersion, state.Version, state);
            }

            if (change.Stock is not null || change.Quota is not null || change.Claim is not null)
            {
                rows.Shared.Add(change);
            }

            rows.Keys.Add(change.Idempotency);
            rows.Entries.AddRange(change.Entries);
            foreach (var lot in change.Lots)
            {
                lots[(member.Item1, member.Item2, lot.Id)] = lot;
            }

            if (change.Accrual is { } accrual)
            {
                accruals[(member.Item1, member.Item2, accrual.OrderId)] = accrual;
            }

            if (change.Redemption is { } redemption)
            {
                redemptions[(member.Item1, member.Item2, redemption.Key.Value)] = redemption;
            }

            foreach (var e in change.Events)
            {
                rows.Events.Add((state.ProgramId, state.MemberId, e));
            }
        }

        foreach (var (_, (expected, _, state)) in InOrder(accounts, static (x, y) => Compare(x.Item1, x.Item2, y.Item1, y.Item2)))
        {
            rows.Accounts.Add((expected, state));
            rows.ExistingAccounts += expected == 0 ? 0 : 1;
        }

        rows.Keys.Sort(static (x, y) => Compare(x.ProgramId.Value, x.MemberId.Value, y.ProgramId.Value, y.MemberId.Value) is var c and not 0 ? c : string.CompareOrdinal(x.Key.Value, y.Key.Value));
        rows.Entries.Sort(static (x, y) => Compare(x.ProgramId.Value, x.MemberId.Value, y.ProgramId.Value, y.MemberId.Value) is var c and not 0 ? c : x.Sequence.CompareTo(y.Sequence));
        foreach (var (_, lot) in InOrder(lots, static (x, y) => Compare(x.Item1, x.Item2, y.Item1, y.Item2) is var c and not 0 ? c : x.Item3.CompareTo(y.Item3)))
        {
            rows.Lots.Add(lot);
        }

        foreach (var (_, accrual) in InOrder(accruals, static (x, y) => Compare(x.Item1, x.Item2, y.Item1, y.Item2) is var c and not 0 ? c : string.CompareOrdinal(x.Item3, y.Item3)))
        {
            rows.Accruals.Add(accrual);
        }

        foreach (var (_, redemption) in InOrder(redemptions, static (x, y) => Compare(x.Item1, x.Item2, y.Item1, y.Item2) is var c and not 0 ? c : string.CompareOrdinal(x.Item3, y.Item3)))
        {
            rows.Redemptions.Add(redemption);
        }

        return rows;
    }

    /// <summary>Each redemption's allocations, by position.</summary>
    public static List<(RedemptionRecord Redemption, int Position)> Allocations(List<RedemptionRecord> redemptions)
    {
        var allocations = new List<(RedemptionRecord, int)>();
        foreach (var redemption in redemptions)
        {
            for (var i = 0; i < redemption.Allocations.Count; i++)
            {
                allocations.Add((redemption, i));
            }
        }

        return allocations;
    }

    private static int Compare(string p1, string m1, string p2, string m2) =>
        string.CompareOrdinal(p1, p2) is var c and not 0 ? c : string.CompareOrdinal(m1, m2);

    private static List<KeyValuePair<TKey, TValue>> InOrder<TKey, TValue>(Dictionary<TKey, TValue> rows, Comparison<TKey> order)
        where TKey : notnull
    {
        var ordered = new List<KeyValuePair<TKey, TValue>>(rows);
        ordered.Sort((x, y) => order(x.Key, y.Key));
        return ordered;
    }
}
