namespace Loyalty.Sdk.Storage;

/// <summary>What <see cref="ILedgerStore.LoadAsync"/> should load.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="ProgramId">The program.</param>
/// <param name="MemberId">The member.</param>
/// <param name="OrderId">The order whose accrual to load, if any.</param>
/// <param name="RedemptionKey">The redemption to load with the lots it consumed, if any.</param>
/// <param name="CommandKey">The idempotency key whose record to load (in the same read), if any.</param>
/// <param name="ClaimKey">The member's reward claim to load, if any.</param>
/// <param name="VoucherCode">The voucher code whose claim (of this member) to load, if any.</param>
/// <param name="RewardId">The reward whose stock to load, if any.</param>
/// <param name="QuotaKey">The program-wide period count to load, if any.</param>
public readonly record struct LedgerLoadRequest(
    ProgramId ProgramId,
    MemberId MemberId,
    string? OrderId = null,
    IdempotencyKey? RedemptionKey = null,
    IdempotencyKey? CommandKey = null,
    IdempotencyKey? ClaimKey = null,
    string? VoucherCode = null,
    string? RewardId = null,
    string? QuotaKey = null)
{
    /// <summary>
    /// Gets a value indicating whether the store may answer from what it knows of its own last commit of the account
    /// instead of reading it, marking the context <see cref="LedgerContext.Unverified"/>. The engine asks this only
    /// for a decision it will commit, since the commit's version check (and its key and accrual inserts) verify what
    /// was not read. A store without such a record of its commits ignores it.
    /// </summary>
    /// <value>The default is <see langword="false"/>: read the stored state.</value>
    public bool AllowUnverified { get; init; }
}
