using System;
using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage;

internal sealed class InMemoryAccount(AccountState state)
{
    public AccountState State { get; set; } = state;

    public List<LedgerEntry> Entries { get; } = new();

    public Dictionary<long, Lot> Lots { get; } = new();

    public Dictionary<string, OrderAccrual> Accruals { get; } = new(StringComparer.Ordinal);

    public Dictionary<IdempotencyKey, RedemptionRecord> Redemptions { get; } = new();

    public Dictionary<IdempotencyKey, RewardClaim> Claims { get; } = new();
}
