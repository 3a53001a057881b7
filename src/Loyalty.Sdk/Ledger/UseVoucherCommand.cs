using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>Uses a coupon's voucher (single use): rejected when unknown for the member, used, cancelled or expired.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class UseVoucherCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.UseVoucherHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="UseVoucherCommand"/> class.</summary>
    /// <param name="memberId">The member presenting the voucher.</param>
    /// <param name="key">The idempotency key, such as <c>order:991:voucher</c>.</param>
    /// <param name="voucherCode">The code.</param>
    /// <exception cref="ArgumentException"><paramref name="voucherCode"/> is empty or too long.</exception>
    public UseVoucherCommand(MemberId memberId, IdempotencyKey key, string voucherCode)
        : base(memberId, key) => VoucherCode = Guard.Text(voucherCode, 64, nameof(voucherCode));

    /// <summary>Gets the voucher code.</summary>
    public string VoucherCode { get; }


    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(VoucherCode);
}
