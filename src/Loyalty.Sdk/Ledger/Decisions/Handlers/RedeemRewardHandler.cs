using System;
using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Claims a catalogue reward for points: its dates, tiers, per-member and program-wide limits and stock apply.</summary>
internal sealed class RedeemRewardHandler : CommandHandler<RedeemRewardCommand>
{
    public static readonly RedeemRewardHandler Instance = new();

    public override string Name => "redeem-reward";

    protected override LedgerLoadRequest Plan(RedeemRewardCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account)
    {
        var request = RewardClaims.WithStockOf(account, program, command.RewardId);
        if (program.Engagement.FindReward(command.RewardId) is { MaxPerPeriod: not null } reward)
        {
            request = request with { QuotaKey = reward.QuotaKey(CounterSet.Start(reward.LimitPeriod, now.InZone(program.TimeZone).Date)) };
        }

        return request;
    }

    protected override Rejection? Decide(RedeemRewardCommand command, AccountDraft draft)
    {
        var program = draft.Program;
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        if (program.Engagement.FindReward(command.RewardId) is not { Redeemable: true } reward)
        {
            return Rejections.Reject(RejectionReason.UnknownReward, $"Reward '{command.RewardId}' is not in the catalogue of program '{program.Id}', or cannot be redeemed for points.");
        }

        var today = draft.Today;
        if ((reward.AvailableFrom is { } from && today < from) || (reward.AvailableUntil is { } until && today > until))
        {
            return Rejections.Reject(RejectionReason.RewardNotAvailable, $"Reward '{reward.Id}' can be redeemed {Window(reward)}; today is {today:uuuu-MM-dd} in {program.TimeZone.Id}.");
        }

        var tier = draft.Tiers?.Current.Id;
        if (reward.MinimumTier is { } minimum && (tier is null || program.Tiers!.IndexOf(tier) < program.Tiers.IndexOf(minimum)))
        {
            return Rejections.Reject(RejectionReason.RewardTierRequired, $"Reward '{reward.Id}' needs tier '{minimum}' or above; the member is in '{tier}'.");
        }

        if (reward.Tiers.Count > 0 && (tier is null || !Contains(reward.Tiers, tier)))
        {
            return Rejections.Reject(RejectionReason.RewardTierRequired, $"Reward '{reward.Id}' is exclusive to tier(s) {string.Join(", ", reward.Tiers)}; the member is in '{tier}'.");
        }

        var periodStart = CounterSet.Start(reward.LimitPeriod, today);
        var lifetime = new CounterKey(CounterKind.RewardClaims, reward.Id);
        var inPeriod = new CounterKey(CounterKind.RewardClaimsInPeriod, reward.Id);
        if (reward.MaxPerMember is { } max && draft.Counters.Value(lifetime) >= max)
        {
            return Rejections.Reject(RejectionReason.RewardLimitReached, $"Reward '{reward.Id}' can be held {max} time(s) per member.");
        }

        if (reward.MaxPerMemberPerPeriod is { } perPeriod && draft.Counters.Value(inPeriod, periodStart) >= perPeriod)
        {
            return Rejections.Reject(RejectionReason.RewardLimitReached, $"Reward '{reward.Id}' can be claimed {perPeriod} time(s) per {CounterSet.Describe(reward.LimitPeriod, periodStart)}.");
        }

        string? quotaKey = null;
        if (reward.MaxPerPeriod is { } programLimit)
        {
            // The store enforces the limit in the commit; the count read here only rejects early (when it is this period's).
            quotaKey = reward.QuotaKey(periodStart);
            if (draft.Loaded.Quota is { } count && count.Key == quotaKey && count.Used >= programLimit)
            {
                return Rejections.Reject(RejectionReason.RewardLimitReached, $"Reward '{reward.Id}' can be claimed {programLimit} time(s) in all per {CounterSet.Describe(reward.LimitPeriod, periodStart)}.");
            }

            draft.Records.Quota = new QuotaChange(quotaKey, 1, programLimit);
        }

        if (RewardClaims.Reserve(draft, reward) is { } outOfStock)
        {
            return outOfStock;
        }

        var price = Points.FromInt64(reward.Points);
        var available = draft.AvailableNow;
        if (price > available)
        {
            return Rejections.Reject(RejectionReason.InsufficientPoints, $"Reward '{reward.Id}' costs {price} points but only {available} are available.");
        }

        RewardClaims.Issue(draft, reward, price, periodStart, reason: null, quotaKey);
        draft.Counters.Add(lifetime, null, 1);
        draft.Counters.Add(inPeriod, periodStart, 1);
        draft.MarkActivity();
        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Window(Reward reward) =>
        (reward.AvailableFrom is { } from ? $"from {from:uuuu-MM-dd} " : string.Empty) +
        (reward.AvailableUntil is { } until ? $"until {until:uuuu-MM-dd}" : string.Empty);
}
