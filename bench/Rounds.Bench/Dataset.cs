using System.Security.Cryptography;
using System.Text;

namespace Rounds.Bench;

/// <summary>
/// A deterministic synthetic community, generated in memory and then written to the database in bulk:
/// members with one access token each, a skewed follow graph (one account with up to 50,000 followers, five
/// with 5,000-10,000, a Zipf tail where most accounts have tens), posts spread over authors with Zipf-like
/// activity, hashtags and some mentions, and the home timelines that fan-out on write would have produced,
/// bounded to the newest <see cref="HomeCapacity"/> entries per member.
/// </summary>
public sealed class Dataset
{
    public const int HomeCapacity = 800;
    /// <summary>The account followed by (up to) 50,000 members.</summary>
    public const int BigAccount = 1;
    /// <summary>The account with exactly 5,000 followers (when there are enough members).</summary>
    public const int FiveThousandAccount = 2;
    private static readonly int[] PopularFollowers = [0, 50_000, 5_000, 6_000, 7_000, 8_000, 10_000];
    private const int Popular = 6; // accounts 1..6 have fixed follower counts

    public int Members { get; }
    public int Posts { get; }
    public DateTime Now { get; } = DateTime.UtcNow;
    public DateTime Start => Now.AddDays(-365);

    /// <summary>Followees of each member (index = member id).</summary>
    public int[][] Followees { get; }
    public int[] FollowerCount { get; }
    /// <summary>Author of each post (index = post id).</summary>
    public int[] AuthorOf { get; }
    /// <summary>Each author's post ids, ascending.</summary>
    public int[][] PostsBy { get; }
    public string[] Secrets { get; }
    public string[] Hashes { get; }

    public static readonly string[] Tags =
    [
        "MedEd", "FOAMed", "Cardiology", "Sepsis", "Nephrology", "EmergencyMedicine", "Oncology", "Neurology", "Pediatrics", "CriticalCare",
        "Radiology", "InfectiousDiseases", "Pharmacology", "Nursing", "Endocrinology", "Diabetes", "Hypertension", "HeartFailure", "Stroke", "Asthma",
        "COPD", "Dermatology", "Rheumatology", "Hematology", "Gastroenterology", "Hepatology", "Psychiatry", "Geriatrics", "PalliativeCare", "Surgery",
        "Anesthesia", "Obstetrics", "Urology", "Ophthalmology", "ENT", "Orthopedics", "SportsMed", "Toxicology", "GlobalHealth", "PublicHealth",
        "MedTwitter", "JournalClub", "CaseReport", "POCUS", "ECG", "Antibiotics", "AKI", "DKA", "PE", "Anticoagulation",
        "Transplant", "Immunology", "Genetics", "Neonatology", "Trauma", "Resuscitation", "Airway", "Ventilation", "Nutrition", "Wellbeing",
    ];

    private static readonly string[] Openers =
    [
        "Teaching point from today's rounds:", "Interesting case this morning:", "Journal club summary:", "Reminder for the night team:",
        "Great discussion at M&M about", "Quick pearl:", "New guideline update on", "Question for colleagues:", "Reading this week:",
        "Handover tip:", "Clinical reasoning exercise:", "From the ward:",
    ];
    private static readonly string[] Bodies =
    [
        "always recheck potassium after starting an ACE inhibitor in older patients with CKD",
        "early goal-directed fluids are out, but reassessment after each bolus is very much in",
        "a normal troponin at presentation does not rule out ACS when symptoms started under three hours ago",
        "consider adrenal insufficiency in refractory hypotension after steroids were stopped",
        "point-of-care ultrasound changed the diagnosis in two of five dyspnoea cases this week",
        "the new anticoagulation reversal protocol is on the intranet; please read it before your next on-call",
        "delirium screening on admission halves the time to recognition in our unit",
        "beta-lactam allergy labels are wrong far more often than right; de-label when you can",
        "sodium correction limits still matter: no more than 8-10 mmol/L in 24 hours",
        "the trial showed no mortality difference, but the secondary outcomes deserve a closer look",
        "procalcitonin helped us stop antibiotics two days earlier on average",
        "structured handover reduced missed tasks by a third in our audit",
    ];

    public Dataset(int members, int posts, int seed = 20261122)
    {
        Members = members;
        Posts = posts;
        var random = new Random(seed);

        // Follow graph. Accounts 1..6 get fixed follower counts from random members; everyone then follows tens of
        // accounts drawn Zipf-like from the rest, so a few hundred accounts have hundreds of followers and most have tens.
        var follows = new HashSet<int>[members + 1];
        for (var m = 1; m <= members; m++) follows[m] = [];
        var everyone = Enumerable.Range(1, members).ToArray();
        for (var a = 1; a <= Math.Min(Popular, members); a++)
        {
            var count = Math.Min(PopularFollowers[a], members - 1);
            random.Shuffle(everyone);
            foreach (var f in everyone.Where(f => f != a).Take(count)) follows[f].Add(a);
        }
        var rest = Enumerable.Range(Popular + 1, Math.Max(0, members - Popular)).ToArray();
        random.Shuffle(rest);
        var followZipf = new Zipf(rest.Length, 0.6); // top of the tail: a few thousand followers; median: tens
        for (var m = 1; m <= members && rest.Length > 0; m++)
        {
            var k = Math.Min(150, 10 + (int)(-Math.Log(1 - random.NextDouble()) * 20)); // tens: 10 + exponential, mean ~30
            for (var tries = 0; follows[m].Count < k && tries < k * 4; tries++)
            {
                var target = rest[followZipf.Sample(random)];
                if (target != m) follows[m].Add(target);
            }
        }
        Followees = new int[members + 1][];
        FollowerCount = new int[members + 1];
        Followees[0] = [];
        for (var m = 1; m <= members; m++)
        {
            Followees[m] = follows[m].Order().ToArray();
            foreach (var f in Followees[m]) FollowerCount[f]++;
        }

        // Posts: the big account posts little (a society's announcements), the popular ones steadily, the rest Zipf-like.
        AuthorOf = new int[posts + 1];
        var authors = Enumerable.Range(Popular + 1, Math.Max(0, members - Popular)).ToArray();
        random.Shuffle(authors);
        var postZipf = new Zipf(Math.Max(1, authors.Length), 0.7);
        var byAuthor = new List<int>[members + 1];
        for (var m = 0; m <= members; m++) byAuthor[m] = [];
        for (var p = 1; p <= posts; p++)
        {
            var roll = random.NextDouble();
            var author = roll < 0.0002 || authors.Length == 0 ? BigAccount
                : roll < 0.0052 ? 2 + (int)((roll - 0.0002) / 0.001) // accounts 2..6, 0.1% of posts each
                : authors[postZipf.Sample(random)];
            author = Math.Min(author, members);
            AuthorOf[p] = author;
            byAuthor[author].Add(p);
        }
        PostsBy = byAuthor.Select(l => l.ToArray()).ToArray();

        Secrets = new string[members + 1];
        Hashes = new string[members + 1];
        Secrets[0] = Hashes[0] = "";
        var bytes = new byte[32];
        for (var m = 1; m <= members; m++)
        {
            random.NextBytes(bytes);
            // The format and hash of AccessToken.NewSecret()/HashOf().
            Secrets[m] = "rnd_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            Hashes[m] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secrets[m])));
        }
    }

    public static string Handle(int member) => $"m{member}";

    public string Profession(int member) => member <= Popular ? "Organization" : (member % 10) switch
    {
        0 or 1 or 2 or 3 => "Physician", 4 => "ResidentFellow", 5 => "MedicalStudent", 6 or 7 => "NurseNpPa", 8 => "Pharmacist", _ => "EducatorResearcher",
    };

    /// <summary>About a third of clinicians are verified.</summary>
    public bool Verified(int member) => member > Popular && member % 3 == 0 && (member % 10) <= 8;

    public DateTime PostTime(int post) => Start + TimeSpan.FromSeconds(365.0 * 86400 * post / (Posts + 1));

    public sealed record PostRow(int Id, int Author, string Text, string Audience, string[] Tags, int? Mentioned);

    /// <summary>The post's text, audience, hashtags and mention; a pure function of its id so phases can grow the data set.</summary>
    public PostRow Post(int id)
    {
        var r = new Random(id * 7919 + 17);
        var author = AuthorOf[id];
        var sb = new StringBuilder();
        sb.Append(Openers[r.Next(Openers.Length)]).Append(' ').Append(Bodies[r.Next(Bodies.Length)]).Append('.');
        var tagCount = r.NextDouble() switch { < 0.4 => 0, < 0.85 => 1, _ => 2 };
        var tags = new List<string>();
        for (var i = 0; i < tagCount; i++)
        {
            // Popular tags dominate: a squared uniform picks low indexes more often.
            var u = r.NextDouble();
            var tag = Tags[(int)(u * u * u * Tags.Length)];
            if (tags.Contains(tag.ToLowerInvariant())) continue;
            tags.Add(tag.ToLowerInvariant());
            sb.Append(" #").Append(tag);
        }
        int? mentioned = null;
        if (r.NextDouble() < 0.08 && Followees[author].Length > 0)
        {
            mentioned = Followees[author][r.Next(Followees[author].Length)];
            sb.Append(" cc @").Append(Handle(mentioned.Value));
        }
        var audience = r.NextDouble() switch { < 0.80 => "Public", < 0.95 => "Members", _ => "Followers" };
        return new PostRow(id, author, sb.ToString(), audience, [.. tags], mentioned);
    }

    /// <summary>
    /// The home timeline of one member after fan-out on write of posts 1..<paramref name="maxPost"/>: their own posts and
    /// those of everyone they follow, newest <see cref="HomeCapacity"/> first (a k-way merge from each author's newest post).
    /// </summary>
    public int Home(int member, int maxPost, Span<int> into, PriorityQueue<(int Author, int Index), int> queue)
    {
        queue.Clear();
        void Add(int author)
        {
            var list = PostsBy[author];
            var i = UpperBound(list, maxPost) - 1;
            if (i >= 0) queue.Enqueue((author, i), -list[i]);
        }
        Add(member);
        foreach (var f in Followees[member]) Add(f);
        var n = 0;
        while (n < into.Length && queue.TryDequeue(out var top, out _))
        {
            var list = PostsBy[top.Author];
            into[n++] = list[top.Index];
            if (top.Index > 0) queue.Enqueue((top.Author, top.Index - 1), -list[top.Index - 1]);
        }
        return n;
    }

    private static int UpperBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Ordinary members (not the popular accounts) whose tokens wrk rotates over: readers, posters and cold readers, disjoint.</summary>
    public (int[] Readers, int[] Posters, int[] Cold) Clients(int each)
    {
        var r = new Random(99);
        var seen = new HashSet<int>();
        var all = new List<int>();
        while (all.Count < Math.Min(3 * each, Members - Popular))
        {
            var m = r.Next(Popular + 1, Members + 1);
            if (seen.Add(m)) all.Add(m);
        }
        var n = all.Count / 3;
        return ([.. all.Take(n)], [.. all.Skip(n).Take(n)], [.. all.Skip(2 * n)]);
    }

    /// <summary>
    /// When each token was last used. The app stamps a token at most once a minute, in the request; the benchmark marks all tokens
    /// but the cold readers' as just used (a time past the run), so timeline and posting figures measure those paths, and the
    /// cold readers measure the stamping as deployed.
    /// </summary>
    public DateTime? LastUsed(int member) => _cold.Contains(member) ? null : Now.AddDays(1);

    private HashSet<int> _cold = [];
    public void MarkCold(IEnumerable<int> members) => _cold = [.. members];

    /// <summary>The most used hashtags (normalized), for the tag timeline benchmark.</summary>
    public IReadOnlyList<string> TopTags(int count) => Tags.Take(count).Select(t => t.ToLowerInvariant()).ToList();
}

/// <summary>Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s.</summary>
public sealed class Zipf
{
    private readonly double[] _cdf;

    public Zipf(int n, double s)
    {
        _cdf = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++) _cdf[i] = sum += 1 / Math.Pow(i + 1, s);
        for (var i = 0; i < n; i++) _cdf[i] /= sum;
    }

    public int Sample(Random random)
    {
        var i = Array.BinarySearch(_cdf, random.NextDouble());
        return Math.Min(i < 0 ? ~i : i, _cdf.Length - 1);
    }
}
