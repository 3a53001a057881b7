namespace Loyalty.Sdk.Engagement;

/// <summary>One leaderboard row.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Rank">The rank: 1 + the number of members with more points (ties share a rank: 1, 2, 2, 4).</param>
/// <param name="MemberId">The member.</param>
/// <param name="Points">The points.</param>
public readonly record struct LeaderboardRow(int Rank, MemberId MemberId, long Points);
