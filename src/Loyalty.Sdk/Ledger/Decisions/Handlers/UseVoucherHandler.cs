using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Uses a member's voucher at checkout, once, before it expires; a reserved unit of stock becomes confirmed.</summary>
internal sealed class UseVoucherHandler : CommandHandler<UseVoucherCommand>
{
    public static readonly UseVoucherHandler Instance = new();

    public override string Name => "use-voucher";

    protected override LedgerLoadRequest Plan(UseVoucherCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        account with { VoucherCode = command.VoucherCode };

    protected override Rejection? Decide(UseVoucherCommand command, AccountDraft draft)
    {
        if (draft.Loaded.Claim is not { VoucherCode: not null } claim)
        {
            return Rejections.Reject(RejectionReason.UnknownVoucher, $"Member '{command.MemberId}' has no voucher '{command.VoucherCode}'.");
        }

        if (claim.VoucherUsedAt is { } used)
        {
            return Rejections.Reject(RejectionReason.VoucherAlreadyUsed, $"Voucher '{claim.VoucherCode}' was used at {used}.");
        }

        if (claim.Status == ClaimStatus.Cancelled || draft.Now >= claim.VoucherExpiresAt)
        {
            return Rejections.Reject(RejectionReason.VoucherExpired, claim.Status == ClaimStatus.Cancelled
                ? $"Voucher '{claim.VoucherCode}' was cancelled."
                : $"Voucher '{claim.VoucherCode}' expired at {claim.VoucherExpiresAt}.");
        }

        if (claim.Status == ClaimStatus.Reserved)
        {
            draft.Records.Stock = new StockChange(claim.RewardId, -1, 1);
        }

        draft.Records.Claim = claim with { Status = ClaimStatus.Fulfilled, ClosedAt = draft.Now, VoucherUsedAt = draft.Now };
        draft.MarkActivity();
        return null;
    }
}
