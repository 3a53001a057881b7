using System.IO;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Engagement;

/// <summary>The storage form of profiles (shared by the database adapters).</summary>
internal static class MemberProfileJson
{
    private static readonly AnnualDatePattern Annual = AnnualDatePattern.Iso;

    public static string ToJson(MemberProfile? profile)
    {
        if (profile is null)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (profile.Birthday is { } birthday)
            {
                json.WriteString("birthday", Annual.Format(birthday));
            }

            if (profile.TimeZoneId is { } zone)
            {
                json.WriteString("zone", zone);
            }

            if (profile.EnrolledAt is { } enrolled)
            {
                json.WriteNumber("enrolled", enrolled.ToUnixTimeTicks());
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static MemberProfile? FromJson(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return new MemberProfile
        {
            Birthday = root.TryGetProperty("birthday", out var b) ? Annual.Parse(b.GetString()!).Value : null,
            TimeZoneId = root.TryGetProperty("zone", out var z) ? z.GetString() : null,
            EnrolledAt = root.TryGetProperty("enrolled", out var e) ? Instant.FromUnixTimeTicks(e.GetInt64()) : null,
        };
    }
}
