using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>The records a command creates or changes beside entries and lots: each is written by the commit when set.</summary>
internal sealed class DraftRecords
{
    public OrderAccrual? Accrual { get; set; }

    public RedemptionRecord? Redemption { get; set; }

    public RewardClaim? Claim { get; set; }

    public StockChange? Stock { get; set; }

    public QuotaChange? Quota { get; set; }

    /// <summary>Gets or sets the member's profile (loaded, then possibly changed).</summary>
    public MemberProfile? Profile { get; set; }
}
