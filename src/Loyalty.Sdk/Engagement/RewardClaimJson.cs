using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Engagement;

/// <summary>The storage form of reward claims (shared by the database adapters): one JSON object, decimals as strings, instants as ticks.</summary>
internal static class RewardClaimJson
{
    public static string ToJson(RewardClaim claim)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("reward", claim.RewardId);
            json.WriteNumber("kind", (int)claim.Kind);
            json.WriteNumber("status", (int)claim.Status);
            json.WriteNumber("points", claim.Points.Value);
            if (claim.Cash is { } cash)
            {
                json.WriteString("cash", cash.Amount.ToString(CultureInfo.InvariantCulture));
                json.WriteString("currency", cash.Currency.Code);
            }

            json.WriteBoolean("stock", claim.HoldsStock);
            json.WriteNumber("at", claim.ClaimedAt.ToUnixTimeTicks());
            json.WriteString("period", LocalDatePattern.Iso.Format(claim.PeriodStart));
            Write(json, "redeem", claim.RedeemSequence);
            Write(json, "closed", claim.ClosedAt);
            if (claim.VoucherCode is { } code)
            {
                json.WriteString("code", code);
            }

            Write(json, "expires", claim.VoucherExpiresAt);
            Write(json, "used", claim.VoucherUsedAt);
            if (claim.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            if (claim.QuotaKey is { } quota)
            {
                json.WriteString("quota", quota);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static RewardClaim FromJson(ProgramId programId, MemberId memberId, IdempotencyKey key, string text)
    {
        using var document = JsonDocument.Parse(text);
        var r = document.RootElement;
        return new RewardClaim
        {
            ProgramId = programId,
            MemberId = memberId,
            Key = key,
            RewardId = r.GetProperty("reward").GetString()!,
            Kind = (RewardKind)r.GetProperty("kind").GetInt32(),
            Status = (ClaimStatus)r.GetProperty("status").GetInt32(),
            Points = Points.FromInt64(r.GetProperty("points").GetInt64()),
            Cash = r.TryGetProperty("cash", out var cash)
                ? new Money(decimal.Parse(cash.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture), CurrencyCode.Parse(r.GetProperty("currency").GetString()!))
                : null,
            HoldsStock = r.GetProperty("stock").GetBoolean(),
            ClaimedAt = Instant.FromUnixTimeTicks(r.GetProperty("at").GetInt64()),
            PeriodStart = LocalDatePattern.Iso.Parse(r.GetProperty("period").GetString()!).Value,
            RedeemSequence = r.TryGetProperty("redeem", out var redeem) ? redeem.GetInt64() : null,
            ClosedAt = ReadInstant(r, "closed"),
            VoucherCode = r.TryGetProperty("code", out var code) ? code.GetString() : null,
            VoucherExpiresAt = ReadInstant(r, "expires"),
            VoucherUsedAt = ReadInstant(r, "used"),
            Reason = r.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            QuotaKey = r.TryGetProperty("quota", out var quota) ? quota.GetString() : null,
        };
    }

    private static void Write(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Write(Utf8JsonWriter json, string name, Instant? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v.ToUnixTimeTicks());
        }
    }

    private static Instant? ReadInstant(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Instant.FromUnixTimeTicks(value.GetInt64()) : null;
}
