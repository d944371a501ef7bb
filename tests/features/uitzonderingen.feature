# language: nl
Functionaliteit: Uitzonderingen (waivers) met een vervaldatum
  Een aanvaard risico blijft zichtbaar, en een vervallen uitzondering wordt weer een tekortkoming.

  Scenario: Een geldige uitzondering
    Gegeven de voorbeeldadministratie met een uitzondering op "KSZ-PRV-003" voor "tier-0" van "2026-01-01" tot "2027-06-30"
    Als ik de site scan op "2026-12-01"
    Dan is de uitkomst van regel "KSZ-PRV-003" "waived"
    En toont het rapport de uitzondering met goedkeurder "Algemeen directeur"

  Scenario: Een vervallen uitzondering
    Gegeven de voorbeeldadministratie met een uitzondering op "KSZ-PRV-003" voor "tier-0" van "2026-01-01" tot "2027-06-30"
    Als ik de site scan op "2027-07-01"
    Dan is de uitkomst van regel "KSZ-PRV-003" "fail"
