using System.Net.Http.Json;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Profiles;

namespace Rounds.Tests.Features.Profiles;

public class ClassmatesTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    /// <summary>A place name no other test uses, so each test sees only its own cohort.</summary>
    private static string Place(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private Task<TestMember> TrainedAt(string? institution, string? program, int start, int end) =>
        app.Given.Member(with: m => { m.Institution = institution; m.TrainingProgram = program; m.TrainingStartYear = start; m.TrainingEndYear = end; });

    private async Task<List<string>> ClassmatesOf(TestMember member) =>
        (await app.As(member).GetFromJsonAsync<List<ClassmateView>>("/api/v1/me/classmates"))!.Select(c => c.Member.Handle).ToList();

    [Fact]
    public async Task Members_of_the_same_institution_in_overlapping_years_are_classmates_however_they_spell_its_case()
    {
        var hospital = Place("Riverside University Hospital");
        var me = await TrainedAt(hospital, null, 2012, 2015);
        var sameYears = await TrainedAt(hospital.ToUpperInvariant(), null, 2013, 2016);
        var lastYearOverlaps = await TrainedAt("  " + hospital.ToLowerInvariant().Replace(" ", "  ") + " ", null, 2015, 2018);

        var classmates = await ClassmatesOf(me);

        Assert.Contains(sameYears.Handle, classmates);
        Assert.Contains(lastYearOverlaps.Handle, classmates);
        Assert.DoesNotContain(me.Handle, classmates);
    }

    [Fact]
    public async Task A_shared_training_program_makes_classmates_across_institutions()
    {
        var program = Place("Riverside Internal Medicine Residency");
        var me = await TrainedAt(Place("Lakeshore Medical Center"), program, 2013, 2016);
        var colleague = await TrainedAt(Place("Riverside University Hospital"), program.ToLowerInvariant(), 2014, 2017);

        var classmates = await app.As(me).GetFromJsonAsync<List<ClassmateView>>("/api/v1/me/classmates");

        var found = Assert.Single(classmates!, c => c.Member.Handle == colleague.Handle);
        Assert.Equal(program.ToLowerInvariant(), found.SharedPlace);
    }

    [Fact]
    public async Task Members_of_the_same_place_in_other_years_are_not_classmates()
    {
        var hospital = Place("Lakeshore Medical Center");
        var me = await TrainedAt(hospital, null, 2012, 2015);
        var earlier = await TrainedAt(hospital, null, 2005, 2011);
        var later = await TrainedAt(hospital, null, 2016, 2019);

        var classmates = await ClassmatesOf(me);

        Assert.DoesNotContain(earlier.Handle, classmates);
        Assert.DoesNotContain(later.Handle, classmates);
    }

    [Fact]
    public async Task Members_of_other_places_in_the_same_years_are_not_classmates()
    {
        var me = await TrainedAt(Place("Northgate Hospital"), Place("Northgate Surgery"), 2012, 2015);
        var elsewhere = await TrainedAt(Place("Southgate Hospital"), Place("Southgate Surgery"), 2012, 2015);

        Assert.DoesNotContain(elsewhere.Handle, await ClassmatesOf(me));
    }
}
