using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Issuing reward claims, shared by redemptions for points and by grants (birthdays, win-back).</summary>
internal static class RewardClaims
{
    /// <summary>Asks the store for a reward's stock when the reward tracks it.</summary>
    public static LedgerLoadRequest WithStockOf(LedgerLoadRequest request, LoyaltyProgram program, string? rewardId) =>
        rewardId is not null && program.Engagement.FindReward(rewardId) is { TracksStock: true } ? request with { RewardId = rewardId } : request;

    /// <summary>Reserves one unit of a stocked reward (the store re-checks it in the commit); rejects when none is available.</summary>
    public static Rejection? Reserve(AccountDraft draft, Reward reward)
    {
        if (!reward.TracksStock)
        {
            return null;
        }

        if ((draft.Loaded.Stock?.Available ?? 0) < 1)
        {
            return Rejections.Reject(RejectionReason.RewardOutOfStock, $"Reward '{reward.Id}' is out of stock.");
        }

        draft.Records.Stock = new StockChange(reward.Id, 1, 0);
        return null;
    }

    /// <summary>Grants a reward without charge (birthdays, win-back): reserves its stock, then issues the claim.</summary>
    public static Rejection? Grant(AccountDraft draft, Reward reward, LocalDate periodStart, string reason)
    {
        if (Reserve(draft, reward) is { } outOfStock)
        {
            return outOfStock;
        }

        Issue(draft, reward, Points.Zero, periodStart, reason, quotaKey: null);
        return null;
    }

    /// <summary>Creates a claim (its stock already reserved): takes the price from available lots, issues a voucher for coupons.</summary>
    public static void Issue(AccountDraft draft, Reward reward, Points price, LocalDate periodStart, string? reason, string? quotaKey)
    {
        long? redeemSequence = price.IsPositive ? draft.Debit(price, orderId: null, rewardId: reward.Id) : null;

        string? code = null;
        Instant? voucherExpiresAt = null;
        if (reward.Kind == RewardKind.Coupon)
        {
            var zone = draft.Program.TimeZone;
            code = draft.NewVoucherCode();
            voucherExpiresAt = draft.Now.InZone(zone).LocalDateTime.Plus(reward.VoucherValidity!).InZoneLeniently(zone).ToInstant();
        }

        var claim = new RewardClaim
        {
            ProgramId = draft.Program.Id,
            MemberId = draft.Command.MemberId,
            Key = draft.Command.Key,
            RewardId = reward.Id,
            Kind = reward.Kind,
            Status = reward.TracksStock ? ClaimStatus.Reserved : ClaimStatus.Issued,
            Points = price,
            Cash = reward.Cash,
            HoldsStock = reward.TracksStock,
            ClaimedAt = draft.Now,
            PeriodStart = periodStart,
            RedeemSequence = redeemSequence,
            VoucherCode = code,
            VoucherExpiresAt = voucherExpiresAt,
            Reason = reason,
            QuotaKey = quotaKey,
        };
        draft.Records.Claim = claim;
        draft.Publish(new RewardRedeemed
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

    public static Rejection UnknownClaim(AccountDraft draft, IdempotencyKey key) =>
        Rejections.Reject(RejectionReason.UnknownClaim, $"Member '{draft.Command.MemberId}' has no reward claim '{key}'.");
}
