# language: nl
Functionaliteit: Vervallen en bijna vervallen uitzonderingen opsporen
  "kszcheck waivers check" toont welke aanvaarde risico's vervallen zijn of binnenkort vervallen.

  Scenario: Een vervallen uitzondering
    Gegeven de voorbeeldadministratie
    Als ik de uitzonderingen controleer op "2026-06-01"
    Dan is de exitcode 3
    En staat uitzondering "W-2025-011" in de lijst als "vervallen"
    En staat uitzondering "W-2026-001" niet in de lijst

  Scenario: Een uitzondering die binnenkort vervalt
    Gegeven de voorbeeldadministratie zonder vervallen uitzonderingen
    Als ik de uitzonderingen controleer op "2027-06-15"
    Dan is de exitcode 0
    En staat uitzondering "W-2026-001" in de lijst als "vervalt binnenkort"
