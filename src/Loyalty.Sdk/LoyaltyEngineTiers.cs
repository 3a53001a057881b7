using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Tiers: a member's tier and its history as of any instant, and the perks it gives.</summary>
/// <remarks>Reached through <see cref="LoyaltyEngine.Tiers"/>. This type is thread-safe.</remarks>
public sealed class LoyaltyEngineTiers
{
    private readonly LoyaltyEngine _engine;

    internal LoyaltyEngineTiers(LoyaltyEngine engine) => _engine = engine;

    private LoyaltyProgram Program => _engine.Program;

    /// <summary>
    /// Gets a member's tier as of an instant (now by default), with the qualifying amount of the current window, what
    /// is needed to reach the next tier and to keep the current one, and by when. A pure function of the ledger and
    /// the ladder: reviews due by the instant count whether or not a command or the job has materialised them.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The status; the base tier for an unknown member.</returns>
    /// <exception cref="InvalidOperationException">The program has no tier ladder.</exception>
    public async ValueTask<TierStatus> GetTierAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        var (machine, at, exists) = await _engine.History.TiersAsOfAsync(memberId, asOf, cancellationToken).ConfigureAwait(false);
        return TierStatus.From(Program.Tiers!, Program.TimeZone, memberId, at, exists, machine);
    }

    /// <summary>Gets a member's tier changes up to an instant (now by default), oldest first, each with its reason; recomputed from the ledger, so reviews not yet materialised are included.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The changes; empty for a member who never left the base tier.</returns>
    /// <exception cref="InvalidOperationException">The program has no tier ladder.</exception>
    public async ValueTask<IReadOnlyList<TierChange>> GetTierHistoryAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        var ladder = _engine.History.RequireTiers();
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _engine.Clock.GetCurrentInstant();
        var entries = await _engine.Store.ReadEntriesUpToAsync(Program.Id, memberId, at, cancellationToken).ConfigureAwait(false);
        return TierMachine.Replay(ladder, Program.TimeZone, entries, at).Changes.ToArray();
    }

    /// <summary>Gets the perks a member has as of an instant (now by default): those of their tier then, and those for everyone.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The perks.</returns>
    public async ValueTask<MemberPerks> GetPerksAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _engine.Clock.GetCurrentInstant();
        string? tier = null;
        var index = -1;
        if (Program.Tiers is { } ladder)
        {
            var (machine, _, _) = await _engine.History.TiersAsOfAsync(memberId, at, cancellationToken).ConfigureAwait(false);
            tier = machine.Current.Id;
            index = ladder.IndexOf(tier);
        }

        var perks = new List<TierPerk>();
        foreach (var perk in Program.Engagement.Perks)
        {
            if (perk.MinimumTier is null || (index >= 0 && index >= Program.Tiers!.IndexOf(perk.MinimumTier)))
            {
                perks.Add(perk);
            }
        }

        return new MemberPerks(memberId, at, tier, perks);
    }
}
