// Names drawn from real frequency distributions, so that common names are common: a person is a
// Smith about 828 times in 100,000, a Johnson 655 times, as in the United States.
//
// Surnames: the 2010 Census surname file (Names_2010Census.csv, `prop100k`): the top 50 with their
// published frequencies per 100,000 people; ranks 51–400 in the published order, their frequency
// following the power law fitted between ranks 50 and 1,000 of the same table
// (f(r) = 127.73 × (50 / r)^0.77); and a long tail of synthesized surnames continuing the same law
// until the frequencies sum to 100,000 (about 23,000 names, as the real tail holds thousands of
// rare names). First names: the 1990 Census first-name files (percent of each sex), the top 30 of
// each sex with their published figures, then more names with the law continued, half the people
// of each sex.
import type { Rng } from './random.js';

const TOP_SURNAMES = `Smith 828.19|Johnson 655.24|Williams 550.97|Brown 487.16|Jones 483.24|Garcia 395.32|Miller 393.73|Davis 378.45
Rodriguez 371.19|Martinez 359.40|Hernandez 353.68|Lopez 296.47|Gonzalez 285.11|Wilson 271.84|Anderson 265.92|Thomas 256.34
Taylor 254.67|Moore 245.57|Jackson 240.05|Martin 238.19|Lee 234.94|Perez 231.08|Thompson 225.32|White 223.91|Harris 211.63
Sanchez 207.73|Clark 190.75|Ramirez 188.97|Lewis 180.28|Robinson 179.62|Walker 177.35|Young 164.23|Allen 163.61|King 157.78
Wright 155.60|Scott 149.00|Torres 148.42|Nguyen 148.37|Hill 147.41|Flores 147.12|Green 145.83|Adams 145.05|Nelson 144.06
Baker 142.24|Hall 138.00|Rivera 132.59|Campbell 130.91|Mitchell 130.34|Carter 127.79|Roberts 127.73`;

const MORE_SURNAMES = `Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry
Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander
Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens
Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes
Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols
Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart
Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins
Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada
Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin Dominguez
Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza
Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks
Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez Newman Pearson Curtis Cortez
Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade Molina Stanley Hopkins Campos Barnett Bates Chambers
Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes
Shelton Schwartz Norris Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Deleon Barker
Terry Hale Leon Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman
Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson Reeves Chang Klein Salinas Fuentes Baldwin Daniel
Simon Velasquez Hardy Higgins Aguirre Lin Cummings Chandler Sharp Barber Bowen Ochoa Dennis Robbins Liu Ramsey Francis
Griffith Paul Blair O'Connor Cardenas Pacheco Cross Calderon Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald`;

const ONSETS = ['B', 'Br', 'C', 'Ch', 'D', 'F', 'G', 'Gr', 'H', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'St', 'T', 'V', 'W', 'Wh', 'Y', 'Z', 'Bl', 'Cr', 'Dr', 'Fr', 'Pr', 'Sh', 'Th'];
const CORES = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'al', 'ar', 'el', 'er', 'il', 'or', 'an', 'en', 'in', 'on'];
const ENDINGS = [
  'by',
  'den',
  'ford',
  'ham',
  'ley',
  'man',
  'more',
  'ner',
  'rick',
  'son',
  'ston',
  'ton',
  'well',
  'wood',
  'field',
  'land',
  'ridge',
  'berg',
  'stein',
  'ski',
  'ez',
  'ini',
  'elli',
  'ova',
  'dale',
  'gate',
  'hurst',
  'lock',
  'sey',
  'ter',
  'kins',
  'ward',
  'worth',
  'holt',
  'mont',
  'vik',
  'strom',
  'quist',
  'baum',
  'ner',
  'etti',
  'ado',
  'ano',
  'ero',
  'ic',
  'ovic',
  'enko',
  'yan',
  'ian',
];

const MALE_FIRST = `James 3.318|John 3.271|Robert 3.143|Michael 2.629|William 2.451|David 2.363|Richard 1.703|Charles 1.523|Joseph 1.404
Thomas 1.380|Christopher 1.035|Daniel 0.974|Paul 0.948|Mark 0.938|Donald 0.931|George 0.927|Kenneth 0.826|Steven 0.780
Edward 0.779|Brian 0.736|Ronald 0.725|Anthony 0.721|Kevin 0.671|Jason 0.660|Matthew 0.657|Gary 0.650|Timothy 0.640
Jose 0.613|Larry 0.598|Jeffrey 0.591`;
const MORE_MALE = `Frank Scott Eric Stephen Andrew Raymond Gregory Joshua Jerry Dennis Walter Patrick Peter Harold Douglas Henry Carl Arthur
Ryan Roger Joe Juan Jack Albert Jonathan Justin Terry Gerald Keith Samuel Willie Ralph Lawrence Nicholas Roy Benjamin Bruce
Brandon Adam Harry Fred Wayne Billy Steve Louis Jeremy Aaron Randy Howard Eugene Carlos Russell Bobby Victor Martin Ernest
Phillip Todd Jesse Craig Alan Shawn Clarence Sean Philip Chris Johnny Earl Jimmy Antonio Luis Wei Jamal Omar Diego Hiroshi
Kwame Tyrone Miguel Hector Rahul Minh`;
const FEMALE_FIRST = `Mary 2.629|Patricia 1.073|Linda 1.035|Barbara 0.980|Elizabeth 0.937|Jennifer 0.932|Maria 0.828|Susan 0.794
Margaret 0.768|Dorothy 0.727|Lisa 0.704|Nancy 0.669|Karen 0.667|Betty 0.666|Helen 0.663|Sandra 0.629|Donna 0.583|Carol 0.565
Ruth 0.562|Sharon 0.522|Michelle 0.519|Laura 0.510|Sarah 0.508|Kimberly 0.504|Deborah 0.494|Jessica 0.490|Shirley 0.482
Cynthia 0.469|Angela 0.468|Melissa 0.462`;
const MORE_FEMALE = `Brenda Amy Anna Rebecca Virginia Kathleen Pamela Martha Debra Amanda Stephanie Carolyn Christine Marie Janet Catherine
Frances Ann Joyce Diane Alice Julie Heather Teresa Doris Gloria Evelyn Jean Cheryl Mildred Katherine Joan Ashley Judith Rose
Janice Kelly Nicole Judy Christina Kathy Theresa Beverly Denise Tammy Irene Jane Lori Rachel Marilyn Andrea Kathryn Louise
Sara Anne Jacqueline Wanda Bonnie Julia Ruby Lois Tina Phyllis Norma Paula Diana Annie Lillian Emily Robin Peggy Crystal
Gladys Rita Dawn Connie Florence Priya Aisha Fatima Mei Grace Rosa Leilani Ana Keisha Lakshmi`;

export interface Distribution {
  names: string[];
  /** cumulative weights, the last one the total */
  cumulative: Float64Array;
}

function distribution(entries: Array<[string, number]>): Distribution {
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, w], i) => {
    sum += w;
    cumulative[i] = sum;
  });
  return { names: entries.map(([n]) => n), cumulative };
}

const parseTop = (text: string) =>
  text
    .trim()
    .split(/[|\n]/)
    .map((e) => e.trim().split(' '))
    .map(([name = '', value = '0']) => [name, Number(value)] as [string, number]);
const words = (text: string) => text.trim().split(/\s+/);

/** The surname distribution (frequencies per 100,000 people), built once per call. */
export function surnameDistribution(): Distribution {
  const entries = parseTop(TOP_SURNAMES);
  const law = (rank: number) => 127.73 * (50 / rank) ** 0.77;
  const seen = new Set(entries.map(([n]) => n));
  for (const name of words(MORE_SURNAMES)) {
    if (seen.has(name)) continue;
    seen.add(name);
    entries.push([name, law(entries.length + 1)]);
  }
  let total = entries.reduce((a, [, w]) => a + w, 0);
  outer: for (const ending of ENDINGS)
    for (const core of CORES)
      for (const onset of ONSETS) {
        if (total >= 100_000) break outer;
        const name = `${onset}${core}${ending}`;
        if (seen.has(name)) continue;
        seen.add(name);
        const w = law(entries.length + 1);
        entries.push([name, w]);
        total += w;
      }
  return distribution(entries);
}

/** First names: half the weight to each sex's published percentages and their continuation. */
export function firstNameDistribution(): Distribution {
  const entries: Array<[string, number]> = [];
  for (const [top, more] of [
    [MALE_FIRST, MORE_MALE],
    [FEMALE_FIRST, MORE_FEMALE],
  ] as const) {
    const list = parseTop(top);
    const last = list[list.length - 1]?.[1] ?? 0.5;
    for (const name of words(more)) list.push([name, last * (30 / (list.length + 1)) ** 0.9]);
    const sum = list.reduce((a, [, w]) => a + w, 0);
    for (const [name, w] of list) entries.push([name, (w / sum) * 50]);
  }
  return distribution(entries);
}

/** A name drawn from the distribution (binary search over the cumulative weights). */
export function draw(d: Distribution, r: Rng): string {
  const total = d.cumulative[d.cumulative.length - 1] ?? 0;
  const x = r.next() * total;
  let lo = 0;
  let hi = d.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((d.cumulative[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return d.names[lo] ?? '';
}
