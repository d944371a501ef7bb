# language: nl
Functionaliteit: Wat is er veranderd sinds de vorige scan
  Als ICT-verantwoordelijke scan ik elke nacht
  en wil ik op de eerste bladzijde zien wat er sinds de vorige scan veranderd is.

  Scenario: Een nieuwe tekortkoming staat op de eerste bladzijde
    Gegeven een kopie van de voorbeeldadministratie die op "2026-11-22" gescand is
    Als de vertrouwelijkheidsverklaring van "P003" verdwijnt en ik een uur later opnieuw scan
    Dan toont de eerste bladzijde 1 nieuwe en 0 opgeloste bevindingen
    En noemt de eerste bladzijde de nieuwe tekortkoming "P003" van regel "KSZ-PPL-001"
    En toont kszcheck diff de nieuwe bevinding "KSZ-PPL-001" voor "P003"
