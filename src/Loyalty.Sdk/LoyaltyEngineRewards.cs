using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Rewards: claims, vouchers, reward stock, and members' progress on tasks.</summary>
/// <remarks>Reached through <see cref="LoyaltyEngine.Rewards"/>. This type is thread-safe.</remarks>
public sealed class LoyaltyEngineRewards
{
    private readonly LoyaltyEngine _engine;

    internal LoyaltyEngineRewards(LoyaltyEngine engine) => _engine = engine;

    private LoyaltyProgram Program => _engine.Program;

    /// <summary>Gets a member's reward claims, oldest first.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The claims.</returns>
    public ValueTask<IReadOnlyList<RewardClaim>> GetClaimsAsync(MemberId memberId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        return _engine.Store.ReadClaimsAsync(Program.Id, memberId, cancellationToken);
    }

    /// <summary>Finds the claim that issued a voucher (to check a code at checkout before <see cref="UseVoucherCommand"/>).</summary>
    /// <param name="voucherCode">The code.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The claim, or <see langword="null"/> for an unknown code.</returns>
    public ValueTask<RewardClaim?> FindVoucherAsync(string voucherCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voucherCode);
        return _engine.Store.FindClaimByVoucherAsync(Program.Id, voucherCode, cancellationToken);
    }

    /// <summary>Gets a reward's stock: total, reserved, confirmed and available units.</summary>
    /// <param name="rewardId">The reward, which must track stock.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The stock (all zero when never stocked).</returns>
    /// <exception cref="ArgumentException">The reward is not in the catalogue or does not track stock.</exception>
    public async ValueTask<RewardStock> GetStockAsync(string rewardId, CancellationToken cancellationToken = default)
    {
        var reward = StockedReward(rewardId);
        return await _engine.Store.ReadStockAsync(Program.Id, reward.Id, cancellationToken).ConfigureAwait(false) ?? new RewardStock(reward.Id, 0, 0, 0);
    }

    /// <summary>Adds units to a reward's stock (restocking), or removes available units with a negative quantity.</summary>
    /// <param name="rewardId">The reward, which must track stock.</param>
    /// <param name="quantity">The units to add, or to remove when negative; not zero.</param>
    /// <param name="cancellationToken">A token to cancel the write.</param>
    /// <returns>The stock after the change.</returns>
    /// <exception cref="ArgumentException">The reward is not in the catalogue or does not track stock, or the quantity is zero or beyond <see cref="LoyaltyLimits.MaxStockChange"/> either way.</exception>
    /// <exception cref="InvalidOperationException">Removing would take units that are reserved or confirmed; nothing changed.</exception>
    public async ValueTask<RewardStock> AddStockAsync(string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        var reward = StockedReward(rewardId);
        if (quantity == 0 || quantity < -LoyaltyLimits.MaxStockChange || quantity > LoyaltyLimits.MaxStockChange)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"The quantity must not be zero, and at most {LoyaltyLimits.MaxStockChange} units either way.");
        }

        return await _engine.Store.AddStockAsync(Program.Id, reward.Id, quantity, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Reward '{reward.Id}' has fewer than {Math.Abs(quantity)} available unit(s) to remove; nothing changed.");
    }

    /// <summary>
    /// Recommends catalogue rewards to a member, in three groups with a short explanation each: payable from points
    /// expiring soon, redeemable now, and goals within the points they are expected to earn (expected purchases from a
    /// fitted purchase model × their average points per recent order). Within a group, rewards in the categories the
    /// member buys rank first. Only rewards the member's redemption would accept are included (goals: accepted but for
    /// points); each is checked by previewing the redemption, so nothing is reserved or debited.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="options">The expected purchases, windows and affinity, or <see langword="null"/> for the defaults (no goals).</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The recommendations.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ValueTask<RewardRecommendations> RecommendAsync(MemberId memberId, RewardRecommendationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        return RewardAdvisor.RecommendAsync(_engine, memberId, options ?? new RewardRecommendationOptions(), cancellationToken);
    }

    private Reward StockedReward(string rewardId)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        return Program.Engagement.FindReward(rewardId) is { TracksStock: true } reward
            ? reward
            : throw new ArgumentException($"Reward '{rewardId}' is not in the catalogue of program '{Program.Id}', or does not track stock.", nameof(rewardId));
    }

    /// <summary>
    /// Gets a member's progress on every task in the period containing an instant (now by default), recomputed from
    /// the ledger: accepted actions recorded in the period, and whether the task was completed in it.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>One row per task, in definition order.</returns>
    public async ValueTask<IReadOnlyList<TaskProgress>> GetTaskProgressAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _engine.Clock.GetCurrentInstant();
        var tasks = Program.Engagement.Tasks;
        var entries = tasks.Count == 0 ? [] : await _engine.Store.ReadEntriesUpToAsync(Program.Id, memberId, at, cancellationToken).ConfigureAwait(false);
        var today = at.InZone(Program.TimeZone).Date;
        var days = new LocalDate[entries.Count]; // each entry's local date, computed once for every task
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = entries[i].At.InZone(Program.TimeZone).Date;
        }

        var progress = new List<TaskProgress>(tasks.Count);
        foreach (var task in tasks)
        {
            var start = CounterSet.Start(task.Period, today);
            var end = task.Period switch
            {
                Rules.CapPeriod.Day => start,
                Rules.CapPeriod.Month => start.PlusMonths(1).PlusDays(-1),
                _ => start.PlusYears(1).PlusDays(-1),
            };
            var done = 0;
            var completed = false;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (entry.Kind != LedgerEntryKind.Earn || days[i] < start || days[i] > end)
                {
                    continue;
                }

                if (entry.ActivityType == task.EntryActivityType)
                {
                    completed = true;
                }
                else if (task.Action == EngagementTask.OrderAction ? entry.OrderId is not null : entry.ActivityType == task.Action)
                {
                    done++;
                }
            }

            progress.Add(new TaskProgress(task.Id, start, end, Math.Min(done, task.Count), task.Count, completed, Points.FromInt64(task.Points)));
        }

        return progress;
    }
}
