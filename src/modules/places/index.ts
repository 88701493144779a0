// What other modules may use from places.
export { placesRoutes } from './routes.js';
export { loadPlaceIndex, PLACE_ATTRIBUTION, type Place, type PlaceKind, searchPlaces } from './service.js';
