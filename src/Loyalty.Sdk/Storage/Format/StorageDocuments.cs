using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Tiers;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>Maps the domain's records to and from the storage documents; every missing or malformed field is a <see cref="FormatException"/>.</summary>
internal static class StorageDocuments
{
    public static TierStateDocument From(TierState state)
    {
        var buckets = new List<BucketDocument>(state.Buckets.Count);
        foreach (var bucket in state.Buckets)
        {
            buckets.Add(new BucketDocument(Date(bucket.Start), bucket.Points, Number(bucket.Spend), bucket.Orders));
        }

        return new TierStateDocument
        {
            Tier = state.TierId,
            Since = state.Since.ToUnixTimeTicks() / 10,
            Enrolled = Date(state.EnrolledOn),
            Review = state.ReviewOn is { } review ? Date(review) : null,
            Floor = state.FloorTierId,
            Buckets = buckets,
        };
    }

    public static TierState To(TierStateDocument document)
    {
        var buckets = new List<QualifyingBucket>(document.Buckets?.Count ?? 0);
        foreach (var bucket in document.Buckets ?? throw Missing("buckets"))
        {
            buckets.Add(new QualifyingBucket(Date(bucket.Start), bucket.Points, Number(bucket.Spend), bucket.Orders));
        }

        return new TierState
        {
            TierId = document.Tier ?? throw Missing("tier"),
            Since = Instant.FromUnixTimeTicks(checked(document.Since * 10)),
            EnrolledOn = Date(document.Enrolled ?? throw Missing("enrolled")),
            ReviewOn = document.Review is { } review ? Date(review) : null,
            FloorTierId = document.Floor,
            Buckets = buckets,
        };
    }

    public static ProfileDocument From(MemberProfile profile) => new()
    {
        Birthday = profile.Birthday is { } birthday ? AnnualDatePattern.Iso.Format(birthday) : null,
        Zone = profile.TimeZoneId,
        Enrolled = profile.EnrolledAt?.ToUnixTimeTicks(),
    };

    public static MemberProfile To(ProfileDocument document) => new()
    {
        Birthday = document.Birthday is { } birthday ? AnnualDatePattern.Iso.Parse(birthday).GetValueOrThrow() : null,
        TimeZoneId = document.Zone,
        EnrolledAt = document.Enrolled is { } enrolled ? Instant.FromUnixTimeTicks(enrolled) : null,
    };

    public static ClaimDocument From(RewardClaim claim) => new()
    {
        Reward = claim.RewardId,
        Kind = (int)claim.Kind,
        Status = (int)claim.Status,
        Points = claim.Points.Value,
        Cash = claim.Cash is { } cash ? Number(cash.Amount) : null,
        Currency = claim.Cash?.Currency.Code,
        Stock = claim.HoldsStock,
        At = claim.ClaimedAt.ToUnixTimeTicks(),
        Period = Date(claim.PeriodStart),
        Redeem = claim.RedeemSequence,
        Closed = claim.ClosedAt?.ToUnixTimeTicks(),
        Code = claim.VoucherCode,
        Expires = claim.VoucherExpiresAt?.ToUnixTimeTicks(),
        Used = claim.VoucherUsedAt?.ToUnixTimeTicks(),
        Reason = claim.Reason,
        Quota = claim.QuotaKey,
    };

    public static RewardClaim To(ClaimDocument document, ProgramId programId, MemberId memberId, IdempotencyKey key) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Key = key,
        RewardId = document.Reward ?? throw Missing("reward"),
        Kind = (RewardKind)document.Kind,
        Status = (ClaimStatus)document.Status,
        Points = Points.FromInt64(document.Points),
        Cash = document.Cash is { } cash ? new Money(Number(cash), CurrencyCode.Parse(document.Currency ?? throw Missing("currency"))) : null,
        HoldsStock = document.Stock,
        ClaimedAt = Instant.FromUnixTimeTicks(document.At),
        PeriodStart = Date(document.Period ?? throw Missing("period")),
        RedeemSequence = document.Redeem,
        ClosedAt = Ticks(document.Closed),
        VoucherCode = document.Code,
        VoucherExpiresAt = Ticks(document.Expires),
        VoucherUsedAt = Ticks(document.Used),
        Reason = document.Reason,
        QuotaKey = document.Quota,
    };

    public static List<CounterDocument> From(IReadOnlyList<PeriodCounter> counters)
    {
        var documents = new List<CounterDocument>(counters.Count);
        foreach (var counter in counters)
        {
            documents.Add(new CounterDocument(counter.Key.ToString(), counter.PeriodStart is { } start ? Date(start) : null, counter.Value));
        }

        return documents;
    }

    public static PeriodCounter[] To(List<CounterDocument> documents)
    {
        var counters = new PeriodCounter[documents.Count];
        for (var i = 0; i < counters.Length; i++)
        {
            var document = documents[i] ?? throw Missing("counter");
            var key = CounterKey.Parse(document.Name);

            // Before version 1 a lifetime counter carried the date 2000-01-01; it has no period.
            counters[i] = new PeriodCounter(key, key.IsLifetime || document.PeriodStart is null ? null : Date(document.PeriodStart), document.Value);
        }

        return counters;
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static Instant? Ticks(long? ticks) => ticks is { } t ? Instant.FromUnixTimeTicks(t) : null;

    private static FormatException Missing(string field) => new($"The stored document has no '{field}'.");
}
