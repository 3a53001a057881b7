using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>The engagement commands (rewards, vouchers, profiles, celebrations, reminders, win-back) and the events of a decision.</summary>
internal sealed partial class LedgerDecider
{
    /// <summary>The fixed period start of lifetime counters (per-member reward limits).</summary>
    private static readonly LocalDate Lifetime = new(2000, 1, 1);

    private Rejection? RedeemReward(RedeemRewardCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        if (_program.Engagement.FindReward(command.RewardId) is not { Redeemable: true } reward)
        {
            return Reject(RejectionReason.UnknownReward, $"Reward '{command.RewardId}' is not in the catalogue of program '{_program.Id}', or cannot be redeemed for points.");
        }

        if ((reward.AvailableFrom is { } from && Today < from) || (reward.AvailableUntil is { } until && Today > until))
        {
            return Reject(RejectionReason.RewardNotAvailable, $"Reward '{reward.Id}' can be redeemed {Window(reward)}; today is {Today:uuuu-MM-dd} in {_program.TimeZone.Id}.");
        }

        var tier = _tiers?.Current.Id;
        if (reward.MinimumTier is { } minimum && (tier is null || _program.Tiers!.IndexOf(tier) < _program.Tiers.IndexOf(minimum)))
        {
            return Reject(RejectionReason.RewardTierRequired, $"Reward '{reward.Id}' needs tier '{minimum}' or above; the member is in '{tier}'.");
        }

        if (reward.Tiers.Count > 0 && (tier is null || !Contains(reward.Tiers, tier)))
        {
            return Reject(RejectionReason.RewardTierRequired, $"Reward '{reward.Id}' is exclusive to tier(s) {string.Join(", ", reward.Tiers)}; the member is in '{tier}'.");
        }

        var periodStart = PeriodCounters.Start(reward.LimitPeriod, Today);
        if (reward.MaxPerMember is { } max && PeriodCounters.Value(_counters, "reward-total:" + reward.Id, Lifetime) >= max)
        {
            return Reject(RejectionReason.RewardLimitReached, $"Reward '{reward.Id}' can be held {max} time(s) per member.");
        }

        if (reward.MaxPerMemberPerPeriod is { } perPeriod && PeriodCounters.Value(_counters, "reward:" + reward.Id, periodStart) >= perPeriod)
        {
            return Reject(RejectionReason.RewardLimitReached, $"Reward '{reward.Id}' can be claimed {perPeriod} time(s) per {PeriodCounters.Describe(reward.LimitPeriod, periodStart)}.");
        }

        string? quotaKey = null;
        if (reward.MaxPerPeriod is { } programLimit)
        {
            // The store enforces the limit in the commit; the count read here only rejects early (when it is this period's).
            quotaKey = reward.QuotaKey(periodStart);
            if (_context.Quota is { } count && count.Key == quotaKey && count.Used >= programLimit)
            {
                return Reject(RejectionReason.RewardLimitReached, $"Reward '{reward.Id}' can be claimed {programLimit} time(s) in all per {PeriodCounters.Describe(reward.LimitPeriod, periodStart)}.");
            }

            _quota = new QuotaChange(quotaKey, 1, programLimit);
        }

        if (Reserve(reward) is { } outOfStock)
        {
            return outOfStock;
        }

        var price = Points.FromInt64(reward.Points);
        var available = AvailableNow();
        if (price > available)
        {
            return Reject(RejectionReason.InsufficientPoints, $"Reward '{reward.Id}' costs {price} points but only {available} are available.");
        }

        IssueClaim(reward, price, periodStart, reason: null);
        _claim = _claim! with { QuotaKey = quotaKey };

        PeriodCounters.Add(_counters, "reward-total:" + reward.Id, Lifetime, 1);
        PeriodCounters.Add(_counters, "reward:" + reward.Id, periodStart, 1);
        MarkActivity();
        return null;
    }

    /// <summary>Reserves one unit of a stocked reward (the store re-checks it in the commit); rejects when none is available.</summary>
    private Rejection? Reserve(Reward reward)
    {
        if (!reward.TracksStock)
        {
            return null;
        }

        if ((_context.Stock?.Available ?? 0) < 1)
        {
            return Reject(RejectionReason.RewardOutOfStock, $"Reward '{reward.Id}' is out of stock.");
        }

        _stock = new StockChange(reward.Id, 1, 0);
        return null;
    }

    /// <summary>Grants a reward without charge (birthdays, win-back): reserves its stock, then issues the claim.</summary>
    private Rejection? Grant(Reward reward, LocalDate periodStart, string reason)
    {
        if (Reserve(reward) is { } outOfStock)
        {
            return outOfStock;
        }

        IssueClaim(reward, Points.Zero, periodStart, reason);
        return null;
    }

    /// <summary>Creates a claim (its stock already reserved): takes the price from available lots, issues a voucher for coupons.</summary>
    private void IssueClaim(Reward reward, Points price, LocalDate periodStart, string? reason)
    {
        long? redeemSequence = price.IsPositive ? Debit(price, orderId: null, reason: "reward:" + reward.Id) : null;

        string? code = null;
        Instant? voucherExpiresAt = null;
        if (reward.Kind == RewardKind.Coupon)
        {
            code = (_newVoucherCode ?? VoucherCodes.New)();
            voucherExpiresAt = _now.InZone(_program.TimeZone).LocalDateTime.Plus(reward.VoucherValidity!).InZoneLeniently(_program.TimeZone).ToInstant();
        }

        _claim = new RewardClaim
        {
            ProgramId = _program.Id,
            MemberId = _command.MemberId,
            Key = _command.Key,
            RewardId = reward.Id,
            Kind = reward.Kind,
            Status = reward.TracksStock ? ClaimStatus.Reserved : ClaimStatus.Issued,
            Points = price,
            Cash = reward.Cash,
            HoldsStock = reward.TracksStock,
            ClaimedAt = _now,
            PeriodStart = periodStart,
            RedeemSequence = redeemSequence,
            VoucherCode = code,
            VoucherExpiresAt = voucherExpiresAt,
            Reason = reason,
        };
        var claim = _claim;
        AddEvent(new RewardRedeemed
        {
            RewardId = reward.Id,
            ClaimKey = claim.Key.Value,
            Points = price.Value,
            Status = claim.Status.ToString(),
            VoucherCode = code,
            VoucherExpiresAt = voucherExpiresAt,
            Reason = reason,
        });
    }

    private Rejection? Fulfil(FulfilRewardCommand command)
    {
        if (_context.Claim is not { } claim)
        {
            return UnknownClaim(command.ClaimKey);
        }

        if (claim.Status != ClaimStatus.Reserved)
        {
            return Reject(RejectionReason.ClaimNotChangeable, $"Claim '{claim.Key}' is {claim.Status}; only a reserved claim can be fulfilled.");
        }

        _stock = new StockChange(claim.RewardId, -1, 1);
        _claim = claim with { Status = ClaimStatus.Fulfilled, ClosedAt = _now };
        return null;
    }

    private Rejection? Cancel(CancelRewardCommand command)
    {
        if (_context.Claim is not { } claim)
        {
            return UnknownClaim(command.ClaimKey);
        }

        if (claim.Status is not (ClaimStatus.Reserved or ClaimStatus.Issued) || claim.VoucherUsedAt is not null)
        {
            return Reject(RejectionReason.ClaimNotChangeable, $"Claim '{claim.Key}' is {claim.Status}{(claim.VoucherUsedAt is null ? string.Empty : " and its voucher was used")}; it cannot be cancelled.");
        }

        if (claim.Points.IsPositive)
        {
            if (_context.Redemption is not { } redemption)
            {
                throw new InvalidOperationException($"The store returned claim '{claim.Key}' without its redemption.");
            }

            var left = redemption.Points - redemption.RefundedPoints;
            if (left.IsPositive)
            {
                RefundPoints(redemption, left);
            }
        }

        if (claim.HoldsStock && claim.Status == ClaimStatus.Reserved)
        {
            _stock = new StockChange(claim.RewardId, -1, 0);
        }

        // A cancelled redemption no longer counts toward the reward's limits (grants, which carry a reason, never did).
        if (claim.QuotaKey is { } quota)
        {
            _quota = new QuotaChange(quota, -1, long.MaxValue);
        }

        if (claim.Reason is null)
        {
            Uncount("reward-total:" + claim.RewardId, Lifetime);
            Uncount("reward:" + claim.RewardId, claim.PeriodStart);
        }
        _claim = claim with { Status = ClaimStatus.Cancelled, ClosedAt = _now };
        return null;
    }

    private void Uncount(string name, LocalDate periodStart)
    {
        var value = PeriodCounters.Value(_counters, name, periodStart);
        if (value > 0)
        {
            PeriodCounters.Add(_counters, name, periodStart, -1);
        }
    }

    private Rejection? UseVoucher(UseVoucherCommand command)
    {
        if (_context.Claim is not { VoucherCode: not null } claim)
        {
            return Reject(RejectionReason.UnknownVoucher, $"Member '{command.MemberId}' has no voucher '{command.VoucherCode}'.");
        }

        if (claim.VoucherUsedAt is { } used)
        {
            return Reject(RejectionReason.VoucherAlreadyUsed, $"Voucher '{claim.VoucherCode}' was used at {used}.");
        }

        if (claim.Status == ClaimStatus.Cancelled || _now >= claim.VoucherExpiresAt)
        {
            return Reject(RejectionReason.VoucherExpired, claim.Status == ClaimStatus.Cancelled
                ? $"Voucher '{claim.VoucherCode}' was cancelled."
                : $"Voucher '{claim.VoucherCode}' expired at {claim.VoucherExpiresAt}.");
        }

        if (claim.Status == ClaimStatus.Reserved)
        {
            _stock = new StockChange(claim.RewardId, -1, 1);
        }

        _claim = claim with { Status = ClaimStatus.Fulfilled, ClosedAt = _now, VoucherUsedAt = _now };
        MarkActivity();
        return null;
    }

    private Rejection? SetProfile(SetProfileCommand command)
    {
        _profile = (_profile ?? new MemberProfile()) with { Birthday = command.Birthday, TimeZoneId = command.TimeZoneId };
        return null;
    }

    private Rejection? Celebrate(GrantCelebrationCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        if (_program.Engagement.FindCelebration(command.Kind) is not { } rule)
        {
            return Reject(RejectionReason.NotEligible, $"Program '{_program.Id}' has no {command.Kind} reward.");
        }

        var (due, why) = Occasions.Due(rule, _profile, _state.Tier, _program.TimeZone, _now);
        if (due is not { } occasion)
        {
            return Reject(RejectionReason.NotEligible, $"No {command.Kind} reward for member '{command.MemberId}': {why}.");
        }

        var year = new LocalDate(occasion.Year, 1, 1);
        if (PeriodCounters.Value(_counters, rule.CounterName, year) > 0)
        {
            return Reject(RejectionReason.AlreadyGranted, $"The {command.Kind} reward of {occasion.Year} was already granted to member '{command.MemberId}'.");
        }

        var reason = (command.Kind == CelebrationKind.Birthday ? "birthday:" : "anniversary:") + occasion.Year.ToString(CultureInfo.InvariantCulture);
        if (rule.RewardId is { } rewardId && Grant(_program.Engagement.FindReward(rewardId)!, occasion, reason) is { } outOfStock)
        {
            return outOfStock;
        }

        PeriodCounters.Add(_counters, rule.CounterName, year, 1);
        if (rule.Points > 0)
        {
            CreditAdjustment(Points.FromInt64(rule.Points), reason);
        }

        return null;
    }

    private Rejection? RemindExpiring(RemindExpiringCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        var end = _now + command.Window;
        var total = Points.Zero;
        Instant? first = null;
        var atFirst = Points.Zero;
        foreach (var lot in _open)
        {
            if (lot.ExpiresAt is not { } expires || expires <= _now || expires > end || !lot.Remaining.IsPositive)
            {
                continue;
            }

            total += lot.Remaining;
            if (first is null || expires < first)
            {
                first = expires;
                atFirst = Points.Zero;
            }

            if (expires == first)
            {
                atFirst += lot.Remaining;
            }
        }

        if (first is not { } firstExpiry)
        {
            return Reject(RejectionReason.NothingExpiring, $"Member '{command.MemberId}' has no points expiring by {end}.");
        }

        AddEvent(new PointsExpiringSoon
        {
            Points = total.Value,
            FirstExpiresAt = firstExpiry,
            PointsAtFirstExpiry = atFirst.Value,
        });
        return null;
    }

    private Rejection? WinBack(WinBackCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        var rule = command.Rule;
        var start = PeriodCounters.Start(rule.Period, Today);
        if (PeriodCounters.Value(_counters, rule.CounterName, start) > 0)
        {
            return Reject(RejectionReason.AlreadyGranted, $"Win-back rule '{rule.Id}' already acted on member '{command.MemberId}' in the {PeriodCounters.Describe(rule.Period, start)}.");
        }

        var reason = "win-back:" + rule.Id;
        if (rule.Action == WinBackAction.IssueReward &&
            Grant(_program.Engagement.FindReward(rule.RewardId!)!, Today, reason) is { } outOfStock)
        {
            return outOfStock;
        }

        PeriodCounters.Add(_counters, rule.CounterName, start, 1);
        if (rule.Action == WinBackAction.BonusPoints)
        {
            CreditAdjustment(Points.FromInt64(rule.BonusPoints), reason);
        }

        var reasons = command.Reasons;
        AddEvent(new WinBackTriggered
        {
            RuleId = rule.Id,
            PeriodStart = start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            Action = rule.Action.ToString(),
            Reasons = reasons,
        });
        return null;
    }

    private Rejection UnknownClaim(IdempotencyKey key) =>
        Reject(RejectionReason.UnknownClaim, $"Member '{_command.MemberId}' has no reward claim '{key}'.");

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

    /// <summary>Queues an event that is not derived from an entry; its header (id, program, member, key, instant) is stamped when the events are built.</summary>
    private void AddEvent(LoyaltyEvent e) => (_extraEvents ??= new List<LoyaltyEvent>()).Add(e);

    /// <summary>
    /// The decision's events: one per entry that moves points or tiers, in entry order, then the others, with ids
    /// <c>{command key}#{ordinal}</c> (unique within the program, stable across retries of the same decision).
    /// </summary>
    private IReadOnlyList<LoyaltyEvent> BuildEvents()
    {
        if (!_withEvents)
        {
            return [];
        }

        var events = new List<LoyaltyEvent>(_entries.Count + (_extraEvents?.Count ?? 0));
        var tier = _state.Tier?.TierId ?? _program.Tiers?.Base.Id; // a new member starts in the base tier
        foreach (var entry in _entries)
        {
            LoyaltyEvent? e = entry.Kind switch
            {
                LedgerEntryKind.Earn or LedgerEntryKind.Adjust when entry.Amount.IsPositive => new PointsEarned
                {
                    Points = entry.Amount.Value, Sequence = entry.Sequence, OrderId = entry.OrderId, ActivityType = entry.ActivityType, Reason = entry.Reason,
                },
                LedgerEntryKind.Redeem => new PointsRedeemed
                {
                    Points = -entry.Amount.Value, Sequence = entry.Sequence, OrderId = entry.OrderId,
                    RewardId = entry.Reason is { } r && r.StartsWith("reward:", StringComparison.Ordinal) ? r["reward:".Length..] : null,
                },
                LedgerEntryKind.Expire when entry.Amount.IsNegative => new PointsExpired { Points = -entry.Amount.Value, Sequence = entry.Sequence },
                LedgerEntryKind.TierChange => new TierChanged { FromTier = tier, ToTier = entry.Tier!, Reason = entry.Reason },
                _ => null,
            };
            if (entry.Kind == LedgerEntryKind.TierChange)
            {
                tier = entry.Tier;
            }

            if (e is not null)
            {
                events.Add(Stamp(e, events.Count, entry.At));
            }
        }

        foreach (var extra in _extraEvents ?? [])
        {
            events.Add(Stamp(extra, events.Count, _now));
        }

        return events;
    }

    /// <summary>Sets an event's header; events are created here and published only after, so this is their construction.</summary>
    private LoyaltyEvent Stamp(LoyaltyEvent e, int ordinal, Instant at)
    {
        // Keys are scoped to their member, so the id names both; the member's length first makes it unambiguous.
        var member = _command.MemberId.Value;
        e.EventId = string.Create(CultureInfo.InvariantCulture, $"{member.Length}:{member}/{_command.Key.Value}#{ordinal}");
        e.ProgramId = _program.Id.Value;
        e.MemberId = _command.MemberId.Value;
        e.CommandKey = _command.Key.Value;
        e.OccurredAt = at;
        return e;
    }
}
