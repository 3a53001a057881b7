using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Reads one program's accounts and their history as of any instant, for the engine and its facets.</summary>
internal sealed class AccountHistory
{
    private readonly ILedgerStore _store;
    private readonly IClock _clock;

    public AccountHistory(LoyaltyProgram program, ILedgerStore store, IClock clock)
    {
        Program = program;
        _store = store;
        _clock = clock;
    }

    public LoyaltyProgram Program { get; }

    /// <summary>The tier machine as of an instant: from the state when the instant is no earlier than the last commit, else replayed from the entries.</summary>
    internal async ValueTask<(TierMachine Machine, Instant At, bool Exists)> TiersAsOfAsync(MemberId memberId, Instant? asOf, CancellationToken cancellationToken)
    {
        var ladder = RequireTiers();
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _clock.GetCurrentInstant();
        var state = (await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false)).Account;
        if (state.Exists && state.LastRecordedAt <= at && state.Tier is not null)
        {
            var machine = TierMachine.Start(ladder, Program.TimeZone, state.Tier, at);
            machine.Advance(at);
            return (machine, at, true);
        }

        var entries = state.Exists ? await _store.ReadEntriesUpToAsync(Program.Id, memberId, at, cancellationToken).ConfigureAwait(false) : [];
        return (TierMachine.Replay(ladder, Program.TimeZone, entries, at), at, entries.Count > 0);
    }

    internal IAsyncEnumerable<AccountState> AllAccountsAsync(int pageSize, CancellationToken cancellationToken) =>
        PagesAsync((after, ct) => _store.ScanAccountsAsync(Program.Id, after, pageSize, cancellationToken: ct), pageSize, cancellationToken);

    /// <summary>Walks a paged account scan (member-id cursor) to its end.</summary>
    internal static async IAsyncEnumerable<AccountState> PagesAsync(
        Func<MemberId?, CancellationToken, ValueTask<IReadOnlyList<AccountState>>> readPage,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        MemberId? after = null;
        while (true)
        {
            var page = await readPage(after, cancellationToken).ConfigureAwait(false);
            foreach (var account in page)
            {
                yield return account;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].MemberId;
        }
    }

    internal async ValueTask<AccountBalance> BalanceAsOfAsync(AccountState state, Instant at, CancellationToken cancellationToken)
    {
        var (lots, debt) = await OpenLotsAsOfAsync(state, at, cancellationToken).ConfigureAwait(false);
        return Balances.Classify(lots, debt, at);
    }

    /// <summary>
    /// The account's lots with points remaining, and its debt, as recorded by the entries that took effect by an
    /// instant (expiries not yet materialised are left to the caller). The state answers directly when the instant is
    /// no earlier than its last commit; otherwise the history is rebuilt.
    /// </summary>
    internal async ValueTask<(IReadOnlyList<Lot> Lots, Points Debt)> OpenLotsAsOfAsync(AccountState state, Instant at, CancellationToken cancellationToken)
    {
        if (!state.Exists || state.LastRecordedAt <= at)
        {
            return (state.OpenLots, state.Debt);
        }

        var (entries, lots) = await ReadHistoryAsync(state.MemberId, at, cancellationToken).ConfigureAwait(false);
        var (open, debt) = Balances.Rebuild(lots, entries);
        return (open, debt);
    }

    /// <summary>A member's entries that took effect by an instant, and all of the member's lots.</summary>
    internal async ValueTask<(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<Lot> Lots)> ReadHistoryAsync(MemberId memberId, Instant upTo, CancellationToken cancellationToken)
    {
        var entries = await _store.ReadEntriesUpToAsync(Program.Id, memberId, upTo, cancellationToken).ConfigureAwait(false);
        var lots = await _store.ReadLotsAsync(Program.Id, memberId, cancellationToken).ConfigureAwait(false);
        return (entries, lots);
    }

    internal async ValueTask<ExpiringPoints> ExpiringAsync(AccountState account, Instant from, Instant to, CancellationToken cancellationToken)
    {
        var (open, _) = await OpenLotsAsOfAsync(account, from, cancellationToken).ConfigureAwait(false);

        var expiring = new List<ExpiringLot>();
        var total = Points.Zero;
        foreach (var lot in open)
        {
            if (lot.ExpiresAt is { } expiresAt && expiresAt > from && expiresAt <= to && lot.Remaining.IsPositive)
            {
                expiring.Add(new ExpiringLot(lot.Id, lot.Remaining, expiresAt));
                total += lot.Remaining;
            }
        }

        expiring.Sort((x, y) => x.ExpiresAt != y.ExpiresAt ? x.ExpiresAt.CompareTo(y.ExpiresAt) : x.LotId.CompareTo(y.LotId));
        return new ExpiringPoints(account.MemberId, from, to, total, expiring);
    }

    internal TierLadder RequireTiers() =>
        Program.Tiers ?? throw new InvalidOperationException($"Program '{Program.Id}' has no tier ladder.");
}
