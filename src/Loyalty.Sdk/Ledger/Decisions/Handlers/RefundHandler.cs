using System.Collections.Generic;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Returns a redemption's points (all or part) to the lots it consumed.</summary>
internal sealed class RefundHandler : CommandHandler<RefundRedemptionCommand>
{
    public static readonly RefundHandler Instance = new();

    public override string Name => "refund";

    protected override LedgerLoadRequest Plan(RefundRedemptionCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        account with { RedemptionKey = command.RedemptionKey };

    protected override Rejection? Decide(RefundRedemptionCommand command, AccountDraft draft)
    {
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        if (draft.Loaded.Redemption is not { } redemption)
        {
            return Rejections.Reject(RejectionReason.UnknownRedemption, $"Member '{command.MemberId}' has no redemption '{command.RedemptionKey}'.");
        }

        var refundable = redemption.Points - redemption.RefundedPoints;
        var wanted = command.Points ?? refundable;
        if (refundable.IsZero || wanted > refundable)
        {
            return Rejections.Reject(RejectionReason.RefundExceedsRedemption, $"Redemption '{redemption.Key}' has {refundable} point(s) left to refund; {wanted} were requested.");
        }

        RefundPoints(draft, redemption, wanted);
        return null;
    }

    /// <summary>Returns points of a redemption to the lots it consumed, latest-consumed first; points of expired lots expire again at once.</summary>
    public static void RefundPoints(AccountDraft draft, RedemptionRecord redemption, Points wanted)
    {
        var allocations = new LotAllocation[redemption.Allocations.Count];
        for (var i = 0; i < allocations.Length; i++)
        {
            allocations[i] = redemption.Allocations[i];
        }

        var sequence = draft.NextSequence();
        var movements = draft.Moves();
        List<LotMovement>? reExpired = null;
        var settled = Points.Zero;
        var expired = Points.Zero;
        var left = wanted;

        // Undo the consumption in reverse order: the last lots consumed (the latest-expiring) come back first.
        for (var i = allocations.Length - 1; i >= 0 && left.IsPositive; i--)
        {
            var allocation = allocations[i];
            var take = Points.Min(allocation.Consumed - allocation.Refunded, left);
            if (!take.IsPositive)
            {
                continue;
            }

            allocations[i] = allocation with { Refunded = allocation.Refunded + take };
            left -= take;
            var lot = draft.Lots.Find(allocation.LotId, redemption.Key);
            if (lot.IsExpiredAt(draft.Now))
            {
                movements.Add(new LotMovement(lot.Id, take));
                (reExpired ??= new List<LotMovement>()).Add(new LotMovement(lot.Id, take.Negate()));
                expired += take;
                continue;
            }

            var settle = draft.SettleDebt(take);
            settled += settle;
            var restored = take - settle;
            if (restored.IsPositive)
            {
                draft.Lots.Update(lot with { Remaining = lot.Remaining + restored });
                movements.Add(new LotMovement(lot.Id, restored));
            }
        }

        draft.Add(draft.Entry(sequence, LedgerEntryKind.RedemptionRefund, wanted, movements.ToArray(), orderId: redemption.OrderId, redemptionKey: redemption.Key, debtChange: settled.Negate()));
        if (reExpired is not null)
        {
            var entry = draft.Entry(draft.NextSequence(), LedgerEntryKind.Expire, expired.Negate(), reExpired.ToArray(), redemptionKey: redemption.Key);
            draft.Add(entry, PointsEvents.Expired(entry));
        }

        draft.Records.Redemption = redemption with { RefundedPoints = redemption.RefundedPoints + wanted, Allocations = allocations };
    }
}
