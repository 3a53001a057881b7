using System;
using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using NodaTime;

using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;
using static Loyalty.Sdk.Storage.Sqlite.SqliteRows;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>The store's reads and writes outside the commit, each run on one session by the store.</summary>
internal static class SqliteQueries
{
    internal static LedgerContext Load(SqliteSession session, LedgerLoadRequest request)
    {
        // One read transaction: a consistent snapshot of the account, its lots and records (WAL readers never block).
        using var transaction = session.Connection.BeginTransaction(deferred: true);
        var context = Load(session, transaction, request, null);
        transaction.Commit();
        return context;
    }

    /// <summary>
    /// An import batch's contexts in one read transaction, each account (and its open lots) read once however many of
    /// the batch's commands are for it; the keys, accruals and other records are read per request by the prepared
    /// statements of a single load.
    /// </summary>
    internal static LedgerContext[] LoadMany(SqliteSession session, IReadOnlyList<LedgerLoadRequest> requests)
    {
        using var transaction = session.Connection.BeginTransaction(deferred: true);
        var accounts = new Dictionary<(ProgramId, MemberId), (AccountState, long)>();
        var contexts = new LedgerContext[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            contexts[i] = Load(session, transaction, requests[i], accounts);
        }

        transaction.Commit();
        return contexts;
    }

    private static LedgerContext Load(SqliteSession session, SqliteTransaction transaction, LedgerLoadRequest request, Dictionary<(ProgramId, MemberId), (AccountState, long)>? accounts)
    {
        if (accounts is null || !accounts.TryGetValue((request.ProgramId, request.MemberId), out var found))
        {
            found = ReadAccount(session, request.ProgramId, request.MemberId);
            accounts?.Add((request.ProgramId, request.MemberId), found);
        }

        var (state, account) = found;
        var record = request.CommandKey is { } commandKey && account != 0 ? ReadIdempotency(session, account, request.ProgramId, request.MemberId, commandKey) : null;
        var stock = request.RewardId is { } rewardId ? ReadStock(session, transaction, request.ProgramId, rewardId) : null;
        QuotaCount? quota = null;
        if (request.QuotaKey is { } quotaKey)
        {
            var select = session.Command(SelectQuota);
            select.Transaction = transaction;
            select.Set("$p", request.ProgramId.Value);
            select.Set("$q", quotaKey);
            quota = new QuotaCount(quotaKey, select.ExecuteScalar() is long used ? used : 0);
        }

        if (!state.Exists)
        {
            return new LedgerContext(state, null, null, [], record, null, stock, quota);
        }

        RewardClaim? claim = null;
        if (request.ClaimKey is { } claimKey)
        {
            var select = Command(session, transaction, SelectClaim, request.ProgramId, request.MemberId);
            select.Set("$k", claimKey.Value);
            claim = ReadClaims(select, request.ProgramId, request.MemberId) is [var found1] ? found1 : null;
        }
        else if (request.VoucherCode is { } code)
        {
            var select = Command(session, transaction, SelectClaimByVoucher, request.ProgramId, request.MemberId);
            select.Set("$code", code);
            claim = ReadClaims(select, request.ProgramId, request.MemberId) is [var found2] ? found2 : null;
        }

        var accrual = request.OrderId is { } orderId ? ReadAccrual(session, account, request.ProgramId, request.MemberId, orderId) : null;
        RedemptionRecord? redemption = null;
        var lots = new List<Lot>();
        if (request.RedemptionKey is { } key && ReadRedemption(session, account, request.ProgramId, request.MemberId, key) is { } redeemed)
        {
            redemption = redeemed;
            foreach (var allocation in redeemed.Allocations)
            {
                if (ReadLot(session, request.ProgramId, request.MemberId, account, allocation.LotId) is { } lot)
                {
                    lots.Add(lot);
                }
            }

            lots.Sort((x, y) => x.Id.CompareTo(y.Id));
        }

        return new LedgerContext(state, accrual, redemption, lots, record, claim, stock, quota);
    }

    internal static IReadOnlyList<AccountState> ClaimAccountsDue(SqliteSession session, ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease)
    {
        // IMMEDIATE: claimers (in this process or others) are serialised, so their batches are disjoint.
        using var transaction = session.Connection.BeginTransaction(deferred: false);
        if (session.FindProgram(programId) is not { } program)
        {
            return [];
        }

        var select = session.Statement(SelectClaimable, ClaimableParameters)
            .Bind(1, program)
            .Bind(2, ToColumn(dueAtOrBefore))
            .Bind(3, ToColumn(now))
            .Bind(4, batchSize);
        var claimed = ReadStates(select, programId, session);
        var states = new List<AccountState>(claimed.Count);
        foreach (var (state, account) in claimed)
        {
            session.Statement(ClaimAccount, ClaimParameters).Bind(1, ToColumn(now + lease)).Bind(2, account).Execute();
            states.Add(state);
        }

        transaction.Commit();
        return states;
    }

    private static readonly string[] ClaimParameters = ["$until", "$a"];
    private static readonly string[] PeriodParameters = ["$g", "$from", "$to"];
    private static readonly string[] EventPageParameters = ["$g", "$after", "$limit"];
    private static readonly string[] MemberOfParameters = ["$a"];

    internal static RewardStock? AddToStock(SqliteSession session, ProgramId programId, string rewardId, long quantity)
    {
        using var transaction = session.Connection.BeginTransaction(deferred: false);
        var add = session.Command(quantity < 0 ? RemoveStock : AddStock);
        add.Transaction = transaction;
        add.Set("$p", programId.Value);
        add.Set("$r", rewardId);
        add.Set("$q", quantity);
        RewardStock? result = null;
        using (var reader = add.ExecuteReader())
        {
            if (reader.Read())
            {
                result = new RewardStock(rewardId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        transaction.Commit();
        return result;
    }

    internal static IReadOnlyList<MemberPoints> ReadPointsEarned(SqliteSession session, ProgramId programId, Instant from, Instant to)
    {
        var totals = new List<MemberPoints>();
        if (session.FindProgram(programId) is not { } program)
        {
            return totals;
        }

        // One read transaction: the sums and the members they name are one snapshot.
        using var transaction = session.Connection.BeginTransaction(deferred: true);
        var select = session.Statement(SelectPointsEarned, PeriodParameters).Bind(1, program).Bind(2, ToColumn(from)).Bind(3, ToColumn(to));
        try
        {
            while (select.Read())
            {
                totals.Add(new MemberPoints(MemberId.From(select.Text(0)), select.Int64(1)));
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("integer overflow", StringComparison.Ordinal))
        {
            // Only data written past the engine's bounds gets here: sum the rows in 128 bits instead.
            var rows = session.Statement(SelectPointsEarnedRows, PeriodParameters).Bind(1, program).Bind(2, ToColumn(from)).Bind(3, ToColumn(to));
            var sums = new Dictionary<long, Int128>();
            while (rows.Read())
            {
                var account = rows.Int64(0);
                sums[account] = sums.GetValueOrDefault(account) + rows.Int64(1);
            }

            totals.Clear();
            foreach (var (account, sum) in sums)
            {
                if (sum > 0)
                {
                    var member = session.Statement(SelectMember, MemberOfParameters).Bind(1, account);
                    member.Read();
                    totals.Add(new MemberPoints(MemberId.From(member.Text(0)), sum > long.MaxValue ? long.MaxValue : (long)sum));
                    member.Reset();
                }
            }
        }

        transaction.Commit();
        return totals;
    }

    internal static IReadOnlyList<OutboxEvent> ReadEvents(SqliteSession session, ProgramId programId, EventCursor after, int maxCount)
    {
        var events = new List<OutboxEvent>();
        if (session.FindProgram(programId) is not { } program)
        {
            return events;
        }

        var select = session.Statement(SelectEvents, EventPageParameters).Bind(1, program).Bind(2, after.Position).Bind(3, maxCount);
        while (select.Read())
        {
            events.Add(new OutboxEvent(new EventCursor(0, select.Int64(0)), LedgerStorageFormat.ReadEvent(programId, select.Text(1))));
        }

        return events;
    }
}
