# language: nl
Functionaliteit: Handmatige vereisten beantwoord met bewijs
  Een organisatorische vereiste van een norm wacht op bewijs tot de consulent ze beantwoordt;
  bewijs dat ouder is dan zijn geldigheid telt als ontbrekend.

  Scenario: Een handmatige vereiste zonder antwoord wacht op bewijs
    Gegeven de voorbeeldadministratie zonder antwoord op vereiste "PHY-1" van norm "ksz-mn"
    Als ik de site scan op "2026-06-01"
    Dan is vereiste "PHY-1" van norm "ksz-mn" "manual"

  Scenario: Een handmatige vereiste beantwoord met bewijs voldoet
    Gegeven de voorbeeldadministratie met antwoord "yes" op vereiste "PHY-1" van norm "ksz-mn" met bewijs "DMS-2026-0118" van "2026-03-09"
    Als ik de site scan op "2026-06-01"
    Dan is vereiste "PHY-1" van norm "ksz-mn" "pass"
    En toont "norms show ksz-mn" voor de site vereiste "PHY-1" als "voldoet"

  Scenario: Verouderd bewijs telt als ontbrekend
    Gegeven de voorbeeldadministratie met antwoord "yes" op vereiste "PHY-1" van norm "ksz-mn" met bewijs "DMS-2026-0118" van "2026-03-09"
    Als ik de site scan op "2027-03-10"
    Dan is vereiste "PHY-1" van norm "ksz-mn" "manual"
    En zegt de reden van vereiste "PHY-1" van norm "ksz-mn" dat het bewijs verlopen is op "2027-03-09"

  Scenario: Een antwoord op een onbekende vereiste wordt geweigerd
    Gegeven de voorbeeldadministratie met antwoord "yes" op vereiste "PHY-99" van norm "ksz-mn" met bewijs "DMS-1" van "2026-03-09"
    Als ik de site scan op "2026-06-01"
    Dan is de exitcode 2
    En noemt de foutmelding het bestand "records.yaml" met een regelnummer
