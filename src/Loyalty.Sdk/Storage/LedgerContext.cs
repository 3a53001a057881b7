using System.Collections.Generic;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage;

/// <summary>What the engine needs to decide one command.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Account">The account state.</param>
/// <param name="Accrual">The requested order's accrual, if requested and found.</param>
/// <param name="Redemption">The requested redemption, if requested and found.</param>
/// <param name="RedemptionLots">The lots the redemption consumed (open or closed), ordered by id.</param>
/// <param name="Idempotency">The record of the requested command key, when that key was committed before (for any member).</param>
/// <param name="Claim">The requested reward claim (by key or voucher code, of this member), if requested and found.</param>
/// <param name="Stock">The requested reward's stock, if requested and stocked.</param>
/// <param name="Quota">The requested program-wide period count (0 when it has no row yet), if requested.</param>
public sealed record LedgerContext(
    AccountState Account,
    OrderAccrual? Accrual,
    RedemptionRecord? Redemption,
    IReadOnlyList<Lot> RedemptionLots,
    IdempotencyRecord? Idempotency = null,
    Engagement.RewardClaim? Claim = null,
    Engagement.RewardStock? Stock = null,
    QuotaCount? Quota = null)
{
    /// <summary>
    /// Gets a value indicating whether the store answered from its own last commit of the account instead of reading
    /// (only when <see cref="LedgerLoadRequest.AllowUnverified"/> was set). The account is then as of that commit,
    /// which the commit's version check verifies, and the key's record and the order's accrual were not looked up:
    /// the commit inserts them only if absent (<see cref="CommitStatus.DuplicateKey"/> otherwise), and the engine
    /// takes a rejection only on a verified load.
    /// </summary>
    /// <value>The default is <see langword="false"/>: everything requested was read.</value>
    public bool Unverified { get; init; }
}
